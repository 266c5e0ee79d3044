package dev.tollgate.routing.health;

import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.DeploymentHealth;
import java.time.Instant;

/**
 * One deployment's health as an immutable aggregate: the circuit breaker, the sliding window of its latest outcomes
 * and the moving averages. Each step returns a new value, so the state machine is tested without Kafka.
 *
 * <pre>
 * CLOSED ──(N failures in a row, or error rate ≥ X over ≥ M outcomes)──► OPEN (cool-down, doubling per trip)
 * OPEN ──(cool-down over: {@link #tick})──► HALF_OPEN ──(K successes)──► CLOSED (window cleared)
 *                                           HALF_OPEN ──(one failure)──► OPEN (next, longer cool-down)
 * </pre>
 *
 * @param state the circuit
 * @param failures the window as bits, newest in bit 0, a set bit is a failure
 * @param count how many outcomes the window holds (at most the policy's window)
 * @param consecutiveFailures failures since the last success
 * @param trips how many times the circuit opened since it last closed from half-open; sets the cool-down
 * @param cooldownUntil when an open circuit half-opens; null otherwise
 * @param halfOpenSuccesses successes since the circuit half-opened
 * @param ewmaLatencyMicros moving average of the latency in microseconds; null before the first sample
 * @param ewmaTtftMicros moving average of the time to first token in microseconds; null before the first sample
 */
public record DeploymentStats(
    CircuitState state,
    long failures,
    int count,
    int consecutiveFailures,
    int trips,
    Instant cooldownUntil,
    int halfOpenSuccesses,
    Long ewmaLatencyMicros,
    Long ewmaTtftMicros) {

  /** A deployment nothing is known about. */
  public static final DeploymentStats NEW = new DeploymentStats(CircuitState.CLOSED, 0, 0, 0, 0, null, 0, null, null);

  /**
   * Takes one outcome into account. While the circuit is open and cooling down, outcomes are requests that were in
   * flight when it opened: they change nothing. Once the cool-down is over, the first outcome half-opens it.
   *
   * @param verdict success or failure (neutral outcomes are not passed in)
   * @param latencyMs the event's total latency, or null to leave the average alone
   * @param ttftMs the event's time to first token, or null to leave the average alone
   * @param now the wall-clock time
   * @param policy the constants
   * @return the new stats
   */
  public DeploymentStats record(Verdict verdict, Long latencyMs, Long ttftMs, Instant now, HealthPolicy policy) {
    DeploymentStats current = tick(now);
    if (current.state == CircuitState.OPEN || verdict == Verdict.NEUTRAL) {
      return current;
    }
    return verdict == Verdict.SUCCESS
        ? current.succeeded(latencyMs, ttftMs, policy)
        : current.failed(now, policy);
  }

  /**
   * Moves an open circuit whose cool-down is over to half-open.
   *
   * @param now the wall-clock time
   * @return the new stats, or this when nothing changes
   */
  public DeploymentStats tick(Instant now) {
    if (state == CircuitState.OPEN && !now.isBefore(cooldownUntil)) {
      return new DeploymentStats(CircuitState.HALF_OPEN, failures, count, consecutiveFailures, trips, null, 0,
          ewmaLatencyMicros, ewmaTtftMicros);
    }
    return this;
  }

  /**
   * The error rate over the window.
   *
   * @param policy the constants (for the window's width)
   * @return failures per 10,000 outcomes, rounded down; 0 for an empty window
   */
  public int errorRateBasisPoints(HealthPolicy policy) {
    return count == 0 ? 0 : (int) (Long.bitCount(failures & mask(policy)) * 10_000L / count);
  }

  /**
   * What the route table shows: the state, the error rate, the averages in whole milliseconds (rounded half up; 0
   * before the first sample) and, when open, the end of the cool-down.
   *
   * @param policy the constants
   * @return the health
   */
  public DeploymentHealth toHealth(HealthPolicy policy) {
    return new DeploymentHealth(state, errorRateBasisPoints(policy), millis(ewmaLatencyMicros), millis(ewmaTtftMicros),
        state == CircuitState.OPEN ? cooldownUntil : null);
  }

  private DeploymentStats succeeded(Long latencyMs, Long ttftMs, HealthPolicy policy) {
    Long latency = ewma(ewmaLatencyMicros, latencyMs, policy);
    Long ttft = ewma(ewmaTtftMicros, ttftMs, policy);
    if (state == CircuitState.HALF_OPEN && halfOpenSuccesses + 1 >= policy.halfOpenSuccesses()) {
      // recovered: the failures that opened the circuit must not trip it again at once
      return new DeploymentStats(CircuitState.CLOSED, 0, 0, 0, 0, null, 0, latency, ttft);
    }
    int successes = state == CircuitState.HALF_OPEN ? halfOpenSuccesses + 1 : 0;
    return new DeploymentStats(state, push(false, policy), Math.min(count + 1, policy.window()), 0, trips, null,
        successes, latency, ttft);
  }

  private DeploymentStats failed(Instant now, HealthPolicy policy) {
    DeploymentStats next = new DeploymentStats(state, push(true, policy), Math.min(count + 1, policy.window()),
        consecutiveFailures + 1, trips, null, halfOpenSuccesses, ewmaLatencyMicros, ewmaTtftMicros);
    boolean trip = state == CircuitState.HALF_OPEN
        || next.consecutiveFailures >= policy.tripConsecutiveFailures()
        || (next.count >= policy.minRequests()
            && next.errorRateBasisPoints(policy) >= policy.tripErrorRateBasisPoints());
    return trip ? next.open(now, policy) : next;
  }

  private DeploymentStats open(Instant now, HealthPolicy policy) {
    int trip = trips + 1;
    return new DeploymentStats(CircuitState.OPEN, failures, count, consecutiveFailures, trip,
        now.plus(policy.cooldown(trip)), 0, ewmaLatencyMicros, ewmaTtftMicros);
  }

  private long push(boolean failure, HealthPolicy policy) {
    return ((failures << 1) | (failure ? 1 : 0)) & mask(policy);
  }

  private static long mask(HealthPolicy policy) {
    return policy.window() == Long.SIZE ? -1L : (1L << policy.window()) - 1;
  }

  /** avg + (sample - avg) / divisor, in whole microseconds (truncated); the first sample is the average. */
  private static Long ewma(Long averageMicros, Long sampleMs, HealthPolicy policy) {
    if (sampleMs == null) {
      return averageMicros;
    }
    long sample = Math.multiplyExact(sampleMs, 1_000L);
    return averageMicros == null ? sample : averageMicros + (sample - averageMicros) / policy.ewmaDivisor();
  }

  private static long millis(Long micros) {
    return micros == null ? 0 : (micros + 500) / 1_000;
  }
}
