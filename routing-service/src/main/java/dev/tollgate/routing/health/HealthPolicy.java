package dev.tollgate.routing.health;

import java.time.Duration;
import java.util.Objects;

/**
 * The constants of the circuit breaker and the moving averages, validated once.
 *
 * @param window how many of a deployment's latest outcomes the error rate is computed over (at most 64)
 * @param minRequests the fewest outcomes in the window before the error rate may open the circuit
 * @param tripErrorRateBasisPoints the error rate, in hundredths of a percent, at or above which the circuit opens
 * @param tripConsecutiveFailures how many failures in a row open the circuit, whatever the rate
 * @param baseCooldown how long an open circuit cools down the first time
 * @param maxCooldown the longest cool-down: each trip without a recovery in between doubles the last, up to this
 * @param halfOpenSuccesses how many successes in a row a half-open circuit needs to close
 * @param ewmaDivisor the inverse of the EWMA's alpha: each sample moves the average by 1/{@code ewmaDivisor} of
 *     its distance to the sample
 */
public record HealthPolicy(
    int window,
    int minRequests,
    int tripErrorRateBasisPoints,
    int tripConsecutiveFailures,
    Duration baseCooldown,
    Duration maxCooldown,
    int halfOpenSuccesses,
    int ewmaDivisor) {

  /** The last 20 outcomes. */
  public static final int DEFAULT_WINDOW = 20;
  /** At least 10 outcomes before the rate counts. */
  public static final int DEFAULT_MIN_REQUESTS = 10;
  /** 50%. */
  public static final int DEFAULT_TRIP_ERROR_RATE_BASIS_POINTS = 5_000;
  /** 5 failures in a row. */
  public static final int DEFAULT_TRIP_CONSECUTIVE_FAILURES = 5;
  /** 30 seconds for the first trip. */
  public static final Duration DEFAULT_BASE_COOLDOWN = Duration.ofSeconds(30);
  /** 5 minutes at most. */
  public static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofMinutes(5);
  /** 3 successes in half-open. */
  public static final int DEFAULT_HALF_OPEN_SUCCESSES = 3;
  /** alpha = 1/5 = 0.2. */
  public static final int DEFAULT_EWMA_DIVISOR = 5;

  public HealthPolicy {
    if (window < 1 || window > Long.SIZE) {
      throw new IllegalArgumentException("window must be between 1 and 64, got " + window);
    }
    if (minRequests < 1 || minRequests > window) {
      throw new IllegalArgumentException("min_requests must be between 1 and the window, got " + minRequests);
    }
    if (tripErrorRateBasisPoints < 1 || tripErrorRateBasisPoints > 10_000) {
      throw new IllegalArgumentException("trip_error_rate_basis_points must be 1..10000");
    }
    if (tripConsecutiveFailures < 1 || halfOpenSuccesses < 1 || ewmaDivisor < 1) {
      throw new IllegalArgumentException("counts and the EWMA divisor must be >= 1");
    }
    Objects.requireNonNull(baseCooldown, "base_cooldown");
    Objects.requireNonNull(maxCooldown, "max_cooldown");
    if (baseCooldown.isNegative() || baseCooldown.isZero() || maxCooldown.compareTo(baseCooldown) < 0) {
      throw new IllegalArgumentException("cool-downs must satisfy 0 < base_cooldown <= max_cooldown");
    }
  }

  /** @return the policy with every default */
  public static HealthPolicy defaults() {
    return new HealthPolicy(DEFAULT_WINDOW, DEFAULT_MIN_REQUESTS, DEFAULT_TRIP_ERROR_RATE_BASIS_POINTS,
        DEFAULT_TRIP_CONSECUTIVE_FAILURES, DEFAULT_BASE_COOLDOWN, DEFAULT_MAX_COOLDOWN, DEFAULT_HALF_OPEN_SUCCESSES,
        DEFAULT_EWMA_DIVISOR);
  }

  /**
   * How long the {@code trips}-th trip in a row cools down: {@code base × 2^(trips-1)}, capped.
   *
   * @param trips 1 for the first trip since the circuit last closed
   * @return the cool-down
   */
  public Duration cooldown(int trips) {
    Duration cooldown = baseCooldown;
    for (int i = 1; i < trips && cooldown.compareTo(maxCooldown) < 0; i++) {
      cooldown = cooldown.multipliedBy(2);
    }
    return cooldown.compareTo(maxCooldown) > 0 ? maxCooldown : cooldown;
  }
}
