package dev.tollgate.budget.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleUpToTheCapAndJitterBetweenHalfAndAll() {
    Backoff none = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999_999);
    Backoff half = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);

    assertEquals(Duration.ofMillis(499), none.before(1));
    assertEquals(Duration.ofMillis(3_999), none.before(4));
    assertEquals(Duration.ofMillis(29_999), none.before(40), "capped, and no overflow on a late retry");
    assertEquals(Duration.ofMillis(250), half.before(1));
    assertEquals(Duration.ofMillis(15_000), half.before(10));
  }
}
