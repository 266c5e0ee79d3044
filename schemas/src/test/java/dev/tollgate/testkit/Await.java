package dev.tollgate.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Waits for a condition with a deadline, so that tests never use a sleep as synchronization.
 *
 * <p>The condition is polled with a short, growing back-off (10 ms up to 200 ms). An exception thrown by the
 * condition counts as "not yet" (a broker that is still starting refuses connections); the last one is attached
 * to the {@link AssertionError} if the deadline passes.
 */
public final class Await {

  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long MAX_PAUSE_MILLIS = 200;

  /** A condition to poll; unlike {@link java.util.function.BooleanSupplier} it may throw. */
  @FunctionalInterface
  public interface Condition {
    /** Whether the awaited state has been reached. */
    boolean holds() throws Exception;
  }

  private Await() {}

  /**
   * Polls {@code condition} until it holds.
   *
   * @param deadline how long to wait in all
   * @param condition what to poll
   * @param what a description of the awaited state, used in the failure message ("topic t to have 3 records")
   * @throws AssertionError if the condition does not hold within {@code deadline}
   */
  public static void until(Duration deadline, Condition condition, String what) {
    Objects.requireNonNull(condition, "condition");
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    Exception lastFailure = null;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      } catch (Exception e) {
        lastFailure = e;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw timedOut(deadline, what, lastFailure);
      }
      pauseFor(Math.min(pause, Math.max(1, left / 1_000_000)), what);
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }

  private static AssertionError timedOut(Duration deadline, String what, Exception lastFailure) {
    String message = "gave up after " + deadline.toMillis() + " ms waiting for " + what
        + (lastFailure == null ? "" : " (last attempt failed: " + lastFailure + ")");
    return new AssertionError(message, lastFailure);
  }

  private static void pauseFor(long millis, String what) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }
}
