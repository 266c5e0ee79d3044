package dev.tollgate.edge;

import dev.tollgate.edge.limits.AdmissionBound;
import dev.tollgate.edge.limits.LimitGate;
import dev.tollgate.edge.metrics.Metrics;
import java.time.Clock;

/**
 * What every event loop of one edge process shares: the rate limits (per key, per tenant and the edge's admission
 * bound) and the metrics. Created once per process, so limits hold across event loops.
 */
public record Governance(LimitGate limits, Metrics metrics) {
  /** Past this many requests in flight, the edge refuses at once instead of queueing. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

  /** Limits with an admission bound of {@code maxInFlight}, and metrics over them. */
  public static Governance create(int maxInFlight) {
    LimitGate gate = LimitGate.create(AdmissionBound.of(maxInFlight));
    return new Governance(gate, Metrics.create(Clock.systemUTC(), () -> gate.bound().inFlight(),
        gate::trackedScopes));
  }
}
