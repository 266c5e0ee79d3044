package dev.tollgate.schemas.route;

import dev.tollgate.schemas.Require;
import java.time.Instant;

/**
 * How a deployment has been doing lately, from the outcomes in {@code tollgate.usage}.
 *
 * @param state the circuit breaker's state
 * @param errorRateBasisPoints the recent error rate, in hundredths of a percent (0 to 10000)
 * @param ewmaLatencyMs exponentially weighted moving average of the total latency, in milliseconds
 * @param ewmaTtftMs exponentially weighted moving average of the time to first token, in milliseconds
 * @param cooldownUntil until when the deployment gets no traffic; null when it is not cooling down, required when
 *     the circuit is open
 */
public record DeploymentHealth(
    CircuitState state, int errorRateBasisPoints, long ewmaLatencyMs, long ewmaTtftMs, Instant cooldownUntil) {

  /** A deployment nothing is known about yet: closed, no errors, no latency. */
  public static final DeploymentHealth UNKNOWN = new DeploymentHealth(CircuitState.CLOSED, 0, 0, 0, null);

  public DeploymentHealth {
    Require.present(state, "state");
    if (errorRateBasisPoints < 0 || errorRateBasisPoints > 10_000) {
      throw new IllegalArgumentException(
          "error_rate_basis_points must be between 0 and 10000, got " + errorRateBasisPoints);
    }
    Require.nonNegative(ewmaLatencyMs, "ewma_latency_ms");
    Require.nonNegative(ewmaTtftMs, "ewma_ttft_ms");
    if (state == CircuitState.OPEN && cooldownUntil == null) {
      throw new IllegalArgumentException("cooldown_until is required when the circuit is open");
    }
  }

  /**
   * Whether the deployment may take a request at {@code now}: it is not cooling down, or its cool-down is over.
   *
   * @param now the current time
   * @return false while the deployment is cooling down
   */
  public boolean availableAt(Instant now) {
    return cooldownUntil == null || !now.isBefore(cooldownUntil);
  }
}
