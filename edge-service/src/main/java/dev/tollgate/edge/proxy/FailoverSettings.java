package dev.tollgate.edge.proxy;

import java.time.Duration;

/**
 * How far the edge goes to find a deployment that answers.
 *
 * @param idleTimeout how long an upstream may stay silent (before its first byte or between chunks)
 * @param maxAttempts the most deployments one request tries, fallback aliases included
 * @param deadline how long after its first attempt began a request may still start another; every attempt's wait
 *     for its upstream is cut to what is left of it, so failover never stretches a request beyond it
 */
public record FailoverSettings(Duration idleTimeout, int maxAttempts, Duration deadline) {
  /** Long enough for a slow first token from a large model, short enough to fail over a hung provider. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** The first pick and two fallbacks. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Two idle timeouts: a hung first pick still leaves time for a second. */
  public static final Duration DEFAULT_DEADLINE = DEFAULT_IDLE_TIMEOUT.multipliedBy(2);

  public FailoverSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max_attempts must be >= 1, got " + maxAttempts);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero() || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the idle timeout and the deadline must be positive");
    }
  }

  /** Every default. */
  public static FailoverSettings defaults() {
    return new FailoverSettings(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_DEADLINE);
  }
}
