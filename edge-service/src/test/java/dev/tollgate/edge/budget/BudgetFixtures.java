package dev.tollgate.edge.budget;

import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Budgets and decisions for the gate's tests; amounts in nano-USD unless named otherwise. */
final class BudgetFixtures {
  static final Instant WINDOW_START = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant RESETS_AT = Instant.parse("2026-12-01T00:00:00Z");

  private BudgetFixtures() {}

  static BudgetConfig budget(String id, BudgetScope scope, long amountNanoUsd, BudgetMode mode) {
    return new BudgetConfig(BudgetConfig.CURRENT_SCHEMA_VERSION, id, scope, BigDecimal.valueOf(amountNanoUsd, 9),
        new BudgetWindow(BudgetWindow.WindowKind.MONTHLY, null), List.of(80), mode, null, null);
  }

  static BudgetDecision decision(BudgetConfig budget, long spentNanoUsd, Verdict verdict, Instant decidedAt) {
    long limit = budget.amountUsd().movePointRight(9).longValueExact();
    return new BudgetDecision(BudgetDecision.CURRENT_SCHEMA_VERSION, budget.id(), budget.scope(), verdict,
        budget.mode(), spentNanoUsd, limit, BudgetDecision.remaining(spentNanoUsd, limit), WINDOW_START, RESETS_AT,
        decidedAt);
  }
}
