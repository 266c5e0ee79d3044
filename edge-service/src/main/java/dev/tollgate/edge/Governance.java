package dev.tollgate.edge;

import dev.tollgate.edge.budget.BudgetGate;
import dev.tollgate.edge.budget.BudgetSettings;
import dev.tollgate.edge.budget.DecisionTable;
import dev.tollgate.edge.limits.AdmissionBound;
import dev.tollgate.edge.limits.LimitGate;
import dev.tollgate.edge.metrics.Metrics;
import java.time.Clock;

/**
 * What every event loop of one edge process shares: the rate limits (per key, per tenant and the edge's admission
 * bound), the budget gate and the metrics. Created once per process, so limits and budgets hold across event loops.
 */
public record Governance(LimitGate limits, BudgetGate budgets, Metrics metrics) {
  /** Past this many requests in flight, the edge refuses at once instead of queueing. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

  /**
   * Limits with an admission bound of {@code maxInFlight}, and a budget gate over decisions no board feeds: every
   * budget stands at its configured amount, and the decisions count as stale (for tests without Kafka).
   */
  public static Governance create(int maxInFlight) {
    return create(maxInFlight, new DecisionTable(), BudgetSettings.defaults());
  }

  /** Limits with an admission bound of {@code maxInFlight}, a budget gate over {@code decisions}, and metrics. */
  public static Governance create(int maxInFlight, DecisionTable decisions, BudgetSettings budgetSettings) {
    Clock clock = Clock.systemUTC();
    LimitGate gate = LimitGate.create(AdmissionBound.of(maxInFlight));
    Metrics metrics = Metrics.create(clock, () -> gate.bound().inFlight(), gate::trackedScopes);
    metrics.watchBudgets(() -> decisions.decisionAgesSeconds(clock.instant()),
        () -> decisions.silenceSeconds(clock.instant()));
    return new Governance(gate, new BudgetGate(decisions, budgetSettings, clock), metrics);
  }
}
