package dev.tollgate.edge.limits;

import static dev.tollgate.edge.limits.LimitFixtures.NONE;
import static dev.tollgate.edge.limits.LimitFixtures.concurrent;
import static dev.tollgate.edge.limits.LimitFixtures.rpm;
import static dev.tollgate.edge.limits.LimitFixtures.tpm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many threads admitting against one limit at the same instant: never one request more than the limit. */
class LimitGateConcurrencyTest {
  private static final int THREADS = 16;
  private static final int ATTEMPTS_PER_THREAD = 1_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private final ManualClock clock = new ManualClock();
  private final LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 1_000);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void shouldAdmitExactlyTheRpmAcrossThreads() throws Exception {
    int admitted = race(thread -> () -> countAdmitted(() -> gate.admit("k", rpm(5_000), "t", NONE, 0)));

    assertEquals(5_000, admitted);
  }

  @Test
  void shouldAdmitExactlyWhatTheTokenBucketHolds() throws Exception {
    int admitted = race(thread -> () -> countAdmitted(() -> gate.admit("k", tpm(100_000), "t", NONE, 7)));

    // 100,000 tokens a minute at 7 a request: 14,285 requests, and the 14,286th would need 100,002
    assertEquals(14_285, admitted);
  }

  @Test
  void shouldHoldTheTenantLimitAcrossItsKeys() throws Exception {
    int admitted = race(thread -> () ->
        countAdmitted(() -> gate.admit("key-" + thread % 8, rpm(1_000), "t", rpm(3_000), 0)));

    assertEquals(3_000, admitted);
  }

  @Test
  void shouldNeverHaveMoreRequestsInFlightThanTheConcurrencyLimit() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();

    int admitted = race(thread -> () -> {
      int mine = 0;
      for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
        if (gate.admit("k", concurrent(7), "t", NONE, 0) instanceof Permit permit) {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          inFlight.decrementAndGet();
          permit.release();
          mine++;
        }
      }
      return mine;
    });

    assertTrue(mostInFlight.get() <= 7, "at most 7 in flight, saw " + mostInFlight.get());
    assertTrue(admitted > 0);
    assertEquals(0, gate.bound().inFlight());
  }

  @Test
  void shouldAdmitExactlyTheConcurrencyLimitWhenNobodyReleases() throws Exception {
    int admitted = race(thread -> () -> countAdmitted(() -> gate.admit("k", NONE, "t", concurrent(7), 0)));

    assertEquals(7, admitted);
  }

  @Test
  void shouldRefundAndChargeFromManyThreadsWithoutLosingAToken() throws Exception {
    race(thread -> () -> {
      for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
        Permit permit = (Permit) gate.admit("k", tpm(1_000_000_000L), "t", NONE, 10);
        permit.settle(3);
        permit.release();
      }
      return 0;
    });

    Permit last = (Permit) gate.admit("k", tpm(1_000_000_000L), "t", NONE, 0);

    assertEquals(1_000_000_000L - 3L * THREADS * ATTEMPTS_PER_THREAD, last.headers().remainingTokens());
  }

  @Test
  void shouldNotLoseACountWhenASweepForgetsScopesWhileThreadsAdmit() throws Exception {
    for (int minute = 0; minute < 20; minute++) {
      // Every scope is idle after a minute, so the first admission of each round sweeps them all while the
      // other threads are already looking them up.
      clock.advance(Duration.ofSeconds(61));

      int admitted = race(thread -> () ->
          countAdmitted(() -> gate.admit("key-" + thread % 10, rpm(3), "tenant-" + thread % 3, NONE, 0)));

      assertEquals(30, admitted, "round " + minute);
    }
  }

  /** Starts every thread's task at once and sums what they return. */
  private int race(IntFunction<Callable<Integer>> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int thread = 0; thread < THREADS; thread++) {
      Callable<Integer> work = task.apply(thread);
      results.add(pool.submit(() -> {
        start.await();
        return work.call();
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> result : results) {
      total += result.get();
    }
    return total;
  }

  private static int countAdmitted(Callable<Admission> attempt) throws Exception {
    int admitted = 0;
    for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
      if (attempt.call() instanceof Permit) {
        admitted++;
      }
    }
    return admitted;
  }
}
