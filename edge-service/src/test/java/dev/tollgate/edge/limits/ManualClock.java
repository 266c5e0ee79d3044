package dev.tollgate.edge.limits;

import java.time.Duration;

/** A clock that moves only when a test says so. */
final class ManualClock implements NanoClock {
  private long now = 1_234_567_890L;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  synchronized void advance(Duration by) {
    now += by.toNanos();
  }
}
