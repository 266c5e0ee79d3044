package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.BudgetWindow.WindowKind;
import dev.tollgate.schemas.config.ConfigKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one entry of {@code budgets}: whose spend, how much, over which window, and what happens at the limit. */
final class BudgetSection {
  static final int MAX_ROLLING_DAYS = 366;

  private static final List<WindowKind> CALENDAR_WINDOWS =
      List.of(WindowKind.DAILY, WindowKind.WEEKLY, WindowKind.MONTHLY);
  private static final String WINDOW_EXPECTED = "daily, weekly, monthly, or {rolling_days: N}";

  private BudgetSection() {}

  static Optional<BudgetConfig> read(Fields f, Catalog catalog) {
    int before = f.problems().count();
    String id = Formats.id(f, "id");
    if (id != null) {
      catalog.declare(ConfigKind.BUDGET, id, f.value("id"), f.pathOf("id"));
    }
    BudgetScope scope = f.require("scope", "{tenant: <id>} with an optional key and model")
        ? f.mapping("scope").flatMap(s -> scope(s, catalog)).orElse(null)
        : null;
    BigDecimal amount = f.require("amount_usd", "a decimal amount in USD, like 250.00")
        ? f.decimal("amount_usd")
        : null;
    BudgetWindow window = f.require("window", WINDOW_EXPECTED) ? window(f) : null;
    List<Integer> thresholds = thresholds(f);
    BudgetMode mode = f.choice("mode", BudgetMode.class);
    String timeZone = Formats.timeZone(f, "time_zone");
    String webhook = Formats.url(f, "webhook_url", false);
    f.rejectUnknown();
    return f.build(before, () -> new BudgetConfig(BudgetConfig.CURRENT_SCHEMA_VERSION, id, scope, amount, window,
        thresholds, mode, timeZone, webhook));
  }

  private static Optional<BudgetScope> scope(Fields s, Catalog catalog) {
    int before = s.problems().count();
    String tenant = s.requiredText("tenant", "the id of a tenant declared under tenants");
    if (tenant != null) {
      catalog.refer(ConfigKind.TENANT, tenant, s.value("tenant"), s.pathOf("tenant"));
    }
    String key = s.text("key");
    if (key != null) {
      catalog.refer(ConfigKind.KEY, key, s.value("key"), s.pathOf("key"));
      if (tenant != null) {
        catalog.requireOwnership(key, tenant, s.value("key"), s.pathOf("key"));
      }
    }
    String model = s.text("model");
    if (model != null) {
      catalog.refer(ConfigKind.MODEL, model, s.value("model"), s.pathOf("model"));
    }
    s.rejectUnknown();
    return s.build(before, () -> new BudgetScope(tenant, key, model));
  }

  private static BudgetWindow window(Fields f) {
    Node value = f.value("window");
    String path = f.pathOf("window");
    if (value instanceof ScalarNode) {
      String text = ((ScalarNode) value).getValue().trim();
      for (WindowKind kind : CALENDAR_WINDOWS) {
        if (kind.name().equalsIgnoreCase(text)) {
          return new BudgetWindow(kind, null);
        }
      }
      String message = text.equalsIgnoreCase("rolling")
          ? "a rolling window needs its length"
          : "unknown window '" + text + "'" + ClosestName.hint(text, List.of("daily", "weekly", "monthly"));
      f.problems().add(value, path, message, WINDOW_EXPECTED);
      return null;
    }
    return Fields.of(value, path, f.problems()).map(w -> {
      w.require("rolling_days", "a whole number of days from 1 to " + MAX_ROLLING_DAYS);
      Integer days = w.integer("rolling_days", 1, MAX_ROLLING_DAYS);
      w.rejectUnknown();
      return days == null ? null : new BudgetWindow(WindowKind.ROLLING, days);
    }).orElse(null);
  }

  private static List<Integer> thresholds(Fields f) {
    List<Integer> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (Fields.Item item : f.scalars("thresholds_percent", "a percentage")) {
      Long percent = Scalars.whole(item.node(), item.path(), 1, 100, f.problems());
      if (percent != null && !seen.add(percent)) {
        f.problems().add(item.node(), item.path(), "threshold " + percent + "% is listed twice",
            "each threshold once");
      } else if (percent != null) {
        out.add(percent.intValue());
      }
    }
    out.sort(null);
    return out;
  }
}
