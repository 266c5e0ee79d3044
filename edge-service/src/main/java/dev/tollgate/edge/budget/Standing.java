package dev.tollgate.edge.budget;

import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a budget stands for the gate: its latest decision, or what the gate assumes without a current one.
 *
 * <ul>
 *   <li>No decision yet (a new budget, or a budget service that never ran): nothing spent out of the configured
 *       amount, decided at the epoch, so this edge's own spend counts until a decision arrives. The reset is unknown.
 *   <li>A decision whose window has ended: nothing spent out of its limit, decided at the reset, until the budget
 *       service's decision for the new window arrives. The next reset is unknown.
 *   <li>Otherwise the decision as it is.
 * </ul>
 *
 * @param budget the budget as configured now; its mode is the operator's latest word
 * @param limitNanoUsd the limit
 * @param remainingNanoUsd what the decision left, before this edge's own admissions
 * @param verdict the decision's verdict
 * @param windowStart the first instant of the window
 * @param resetsAt when the window ends; null when unknown
 * @param decidedAt what the decision covers: spend reported up to about then
 */
public record Standing(BudgetConfig budget, long limitNanoUsd, long remainingNanoUsd, Verdict verdict,
    Instant windowStart, Instant resetsAt, Instant decidedAt) {

  static Standing of(BudgetConfig budget, Optional<BudgetDecision> latest, Instant now) {
    if (latest.isEmpty()) {
      long limit = budget.amountUsd().movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
      return new Standing(budget, limit, limit, Verdict.ALLOW, Instant.EPOCH, null, Instant.EPOCH);
    }
    BudgetDecision d = latest.get();
    if (!now.isBefore(d.resetsAt())) {
      return new Standing(budget, d.limitNanoUsd(), d.limitNanoUsd(), Verdict.ALLOW, d.resetsAt(), null,
          d.resetsAt());
    }
    return new Standing(budget, d.limitNanoUsd(), d.remainingNanoUsd(), d.verdict(), d.windowStart(), d.resetsAt(),
        d.decidedAt());
  }

  /** Whether this budget refuses requests at its limit. */
  boolean hard() {
    return budget.mode() == BudgetMode.HARD;
  }
}
