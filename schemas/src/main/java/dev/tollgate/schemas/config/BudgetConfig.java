package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * A spending limit for a scope over a window. Hard budgets block at the limit, soft ones only alert; each
 * threshold (percent of the amount) alerts once per window.
 */
public record BudgetConfig(
    int schemaVersion,
    String id,
    BudgetScope scope,
    BigDecimal amountUsd,
    BudgetWindow window,
    List<Integer> thresholdsPercent,
    BudgetMode mode,
    String timeZone,
    String webhookUrl)
    implements ConfigEntity {
  public static final int CURRENT_SCHEMA_VERSION = 1;
  /** Calendar windows are cut in this zone unless the budget names another. */
  public static final String DEFAULT_TIME_ZONE = "UTC";

  public BudgetConfig {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    Require.present(scope, "scope");
    if (Require.present(amountUsd, "amount_usd").signum() < 0) {
      throw new IllegalArgumentException("amount_usd must be >= 0");
    }
    Require.present(window, "window");
    thresholdsPercent = Require.list(thresholdsPercent);
    for (int t : thresholdsPercent) {
      if (t < 1 || t > 100) {
        throw new IllegalArgumentException("thresholds_percent must be between 1 and 100, got " + t);
      }
    }
    mode = mode == null ? BudgetMode.HARD : mode;
    timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
    try {
      ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("time_zone is not a known zone id: " + timeZone);
    }
  }

  @Override
  public ConfigKind kind() {
    return ConfigKind.BUDGET;
  }
}
