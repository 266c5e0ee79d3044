package dev.tollgate.schemas.budget;

import dev.tollgate.schemas.Require;
import dev.tollgate.schemas.config.BudgetScope;
import java.time.Instant;

/**
 * Spend in a budget's window crossed one of its thresholds: the value of topic {@code tollgate.budget.alerts},
 * keyed by the scope's key. The budget service raises each threshold at most once per window; a notifier that
 * sees the same {@code alertId} again (after a restart or a replay) drops it.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param alertId the idempotency key, {@link #alertId(String, Instant, int)}
 * @param budgetId the id of the {@link dev.tollgate.schemas.config.BudgetConfig}
 * @param scope whose spend the budget holds
 * @param thresholdPercent the threshold crossed, in percent of the limit
 * @param spentNanoUsd spend in the window when the threshold was crossed
 * @param limitNanoUsd the budget's amount
 * @param windowStart the first instant of the window
 * @param resetsAt when the window ends
 * @param crossedAt when the spend that crossed the threshold was counted
 */
public record BudgetAlert(
    int schemaVersion,
    String alertId,
    String budgetId,
    BudgetScope scope,
    int thresholdPercent,
    long spentNanoUsd,
    long limitNanoUsd,
    Instant windowStart,
    Instant resetsAt,
    Instant crossedAt) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public BudgetAlert {
    Require.schemaVersion(schemaVersion);
    Require.text(alertId, "alert_id");
    Require.text(budgetId, "budget_id");
    Require.present(scope, "scope");
    if (thresholdPercent < 1 || thresholdPercent > 100) {
      throw new IllegalArgumentException("threshold_percent must be between 1 and 100, got " + thresholdPercent);
    }
    Require.nonNegative(spentNanoUsd, "spent_nano_usd");
    Require.nonNegative(limitNanoUsd, "limit_nano_usd");
    Require.present(windowStart, "window_start");
    Require.present(resetsAt, "resets_at");
    Require.after(resetsAt, "resets_at", windowStart, "window_start");
    Require.present(crossedAt, "crossed_at");
  }

  /**
   * The idempotency key of the alert for one threshold of one budget window: {@code budgetId/windowStart/threshold},
   * for example {@code acme-monthly/2026-03-01T00:00:00Z/80}.
   *
   * @param budgetId the budget's id
   * @param windowStart the first instant of the window
   * @param thresholdPercent the threshold crossed
   * @return the alert id
   */
  public static String alertId(String budgetId, Instant windowStart, int thresholdPercent) {
    return budgetId + "/" + windowStart + "/" + thresholdPercent;
  }

  /**
   * The record key on {@code tollgate.budget.alerts}: the scope's key, so alerts of one scope stay in order.
   *
   * @return {@code scope.topicKey()}
   */
  public String topicKey() {
    return scope.topicKey();
  }
}
