package dev.tollgate.edge.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long NOW = 5_000_000_000L;

  @Test
  void shouldHoldExactlyTheLimitWhenTheIntervalDoesNotDivideAMinute() {
    TokenBucket bucket = new TokenBucket(7, NOW);

    int taken = 0;
    while (bucket.waitFor(NOW, 1) == 0) {
      bucket.take(NOW, 1);
      taken++;
    }

    assertEquals(7, taken);
  }

  @Test
  void shouldCapDebtInsteadOfOverflowing() {
    TokenBucket bucket = new TokenBucket(1, NOW);

    bucket.take(NOW, Long.MAX_VALUE);
    bucket.take(NOW, Long.MAX_VALUE);

    assertEquals(TokenBucket.MAX_BACKLOG_NANOS, bucket.backlog(NOW));
    assertTrue(bucket.waitFor(NOW, 1) > 0);
  }

  @Test
  void shouldTreatAnAstronomicalLimitAsOneUnitPerNanosecond() {
    TokenBucket bucket = new TokenBucket(Long.MAX_VALUE, NOW);

    bucket.take(NOW, 1_000);

    assertEquals(TokenBucket.MAX_LIMIT, bucket.limit());
    assertEquals(TokenBucket.MAX_LIMIT - 1_000, bucket.remaining(NOW));
  }

  @Test
  void shouldNeverHoldMoreThanTheLimitAfterARefund() {
    TokenBucket bucket = new TokenBucket(100, NOW);
    bucket.take(NOW, 10);

    bucket.giveBack(NOW, 50);

    assertEquals(100, bucket.remaining(NOW));
    assertEquals(0, bucket.backlog(NOW));
  }
}
