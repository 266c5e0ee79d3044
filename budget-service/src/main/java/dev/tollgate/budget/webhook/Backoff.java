package dev.tollgate.budget.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: before retry {@code n} (1 for the first), {@code min(max, base × 2^(n-1))},
 * jittered to a uniformly random point between half of it and all of it, so receivers that came back are not hit
 * by every sender at once.
 */
final class Backoff {

  private final Duration base;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param base the first delay
   * @param max the longest delay
   * @param random uniform in {@code [0, 1)}
   */
  Backoff(Duration base, Duration max, DoubleSupplier random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /**
   * @param retry 1 for the first retry, 2 for the second...
   * @return how long to wait before it
   */
  Duration before(int retry) {
    long ceiling = max.toMillis();
    long exponential = base.toMillis();
    for (int i = 1; i < retry && exponential < ceiling; i++) {
      exponential *= 2;
    }
    long capped = Math.min(exponential, ceiling);
    long half = capped / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
  }
}
