package dev.tollgate.edge.budget;

import java.time.Duration;
import java.util.Objects;

/**
 * How the budget gate trusts its decisions.
 *
 * @param maxDecisionAge how long the edge may go without hearing from the broker before its decisions are stale
 * @param stalePolicy what to do with requests while they are
 * @param settleMargin how long after a request's usage event was emitted the budget service is assumed to have
 *     counted it in a decision: the usage pipeline's lag (edge → metering → budget service) plus clock skew between
 *     hosts. Larger is safer (this edge counts its own spend twice for a while); smaller unblocks sooner.
 */
public record BudgetSettings(Duration maxDecisionAge, StalePolicy stalePolicy, Duration settleMargin) {
  /** Long enough to ride out a broker leader election, short enough to notice an outage. */
  public static final Duration DEFAULT_MAX_DECISION_AGE = Duration.ofSeconds(30);
  /** A few commit intervals of the two Streams applications between a usage event and its decision. */
  public static final Duration DEFAULT_SETTLE_MARGIN = Duration.ofSeconds(5);

  public BudgetSettings {
    Objects.requireNonNull(maxDecisionAge, "maxDecisionAge");
    Objects.requireNonNull(stalePolicy, "stalePolicy");
    Objects.requireNonNull(settleMargin, "settleMargin");
    if (maxDecisionAge.isNegative() || maxDecisionAge.isZero()) {
      throw new IllegalArgumentException("the maximum decision age must be positive");
    }
    if (settleMargin.isNegative()) {
      throw new IllegalArgumentException("the settle margin must not be negative");
    }
  }

  /** Fail open after 30 s without the broker, with a 5 s settle margin. */
  public static BudgetSettings defaults() {
    return new BudgetSettings(DEFAULT_MAX_DECISION_AGE, StalePolicy.OPEN, DEFAULT_SETTLE_MARGIN);
  }
}
