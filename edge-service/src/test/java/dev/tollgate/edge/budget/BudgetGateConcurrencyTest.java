package dev.tollgate.edge.budget;

import static dev.tollgate.edge.budget.BudgetFixtures.budget;
import static dev.tollgate.edge.budget.BudgetFixtures.decision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Event loops admitting at once never admit more than the decision left: check and reservation are one step. */
class BudgetGateConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ATTEMPTS_PER_THREAD = 500;

  @Test
  void shouldNeverAdmitPastTheRemainingUnderConcurrency() throws Exception {
    Instant now = Instant.parse("2026-11-15T12:00:00Z");
    BudgetConfig budget = budget("acme-monthly", new BudgetScope("acme", null, null), 1_000_000, BudgetMode.HARD);
    ConfigSnapshot config = ConfigSnapshot.of(List.of(budget));
    DecisionTable table = new DecisionTable();
    table.put(decision(budget, 0, Verdict.ALLOW, now));
    table.heard(now);
    BudgetGate gate = new BudgetGate(table, BudgetSettings.defaults(), new MutableClock(now));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> admitted = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        admitted.add(pool.submit(() -> {
          start.await();
          int count = 0;
          for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            if (gate.admit(config, "acme", "k1", "m", 1_000) instanceof BudgetAdmission.Admitted) {
              count++;
            }
          }
          return count;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : admitted) {
        total += f.get(30, TimeUnit.SECONDS);
      }

      assertEquals(1_000, total);
      assertEquals(0, gate.headers(config, "acme", "k1", "m").remainingNanoUsd());
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
