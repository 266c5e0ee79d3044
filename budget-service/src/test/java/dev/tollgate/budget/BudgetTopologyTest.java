package dev.tollgate.budget;

import static dev.tollgate.budget.BudgetDriver.budget;
import static dev.tollgate.budget.BudgetDriver.daily;
import static dev.tollgate.budget.BudgetDriver.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.BudgetWindow.WindowKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetTopologyTest {

  private static final BudgetScope ACME = new BudgetScope("acme", null, null);

  @TempDir Path stateDir;

  @Test
  void shouldPublishAnAllowingDecisionAsSoonAsABudgetIsApplied() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(daily("acme-daily", "acme", "5.00"));

      BudgetDecision first = budgets.latest("acme-daily");
      assertEquals(Verdict.ALLOW, first.verdict());
      assertEquals(0, first.spentNanoUsd());
      assertEquals(usd("5"), first.limitNanoUsd());
      assertEquals(usd("5"), first.remainingNanoUsd());
      assertEquals(Instant.parse("2026-03-10T00:00:00Z"), first.windowStart());
      assertEquals(Instant.parse("2026-03-11T00:00:00Z"), first.resetsAt());
      assertEquals(Instant.parse("2026-03-10T12:00:00Z"), first.decidedAt());
    }
  }

  @Test
  void shouldHoldABudgetBackUntilItsRevisionMarker() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.write(daily("acme-daily", "acme", "5.00"));
      assertFalse(budgets.hasKey("acme-daily"), "an apply without its marker is not in force");

      budgets.mark();

      assertEquals(usd("5"), budgets.latest("acme-daily").limitNanoUsd());
    }
  }

  @Test
  void shouldCountSpendExactlyAndBlockAHardBudgetAtItsLimit() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(daily("acme-daily", "acme", "1.00"));

      budgets.spend("acme", "k1", "gpt-4o", Instant.parse("2026-03-10T11:00:00Z"), 333_333_333);
      budgets.spend("acme", "k1", "gpt-4o", Instant.parse("2026-03-10T11:01:00Z"), 333_333_333);
      assertEquals(Verdict.ALLOW, budgets.latest("acme-daily").verdict());
      budgets.spend("acme", "k1", "gpt-4o", Instant.parse("2026-03-10T11:02:00Z"), 333_333_334);

      BudgetDecision blocked = budgets.latest("acme-daily");
      assertEquals(Verdict.BLOCK, blocked.verdict());
      assertEquals(usd("1"), blocked.spentNanoUsd());
      assertEquals(0, blocked.remainingNanoUsd());
    }
  }

  @Test
  void shouldNotRepublishAnUnchangedDecision() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      BudgetConfig budget = daily("acme-daily", "acme", "1.00");
      budgets.apply(budget);
      assertEquals(1, budgets.newDecisions().size());

      budgets.apply(budget);
      budgets.apply(new BudgetConfig(budget.schemaVersion(), budget.id(), budget.scope(), budget.amountUsd(),
          budget.window(), budget.thresholdsPercent(), budget.mode(), budget.timeZone(), "https://hooks.example/x"));
      budgets.spend("acme", "k1", "gpt-4o", Instant.parse("2026-03-10T11:00:00Z"), 0);
      budgets.advanceTo(Instant.parse("2026-03-10T12:00:05Z"));

      assertEquals(List.of(), budgets.newDecisions());
    }
  }

  @Test
  void shouldCutADailyWindowAtMidnightAndUnblockByItselfAtTheReset() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T23:00:00Z"))) {
      budgets.apply(daily("acme-daily", "acme", "1.00"));
      budgets.spend("acme", "k1", "gpt-4o", Instant.parse("2026-03-10T22:59:00Z"), usd("1.5"));
      assertEquals(Verdict.BLOCK, budgets.latest("acme-daily").verdict());

      budgets.advanceTo(Instant.parse("2026-03-10T23:59:59Z"));
      assertEquals(List.of(), budgets.newDecisions(), "nothing changes before the reset");
      budgets.advanceTo(Instant.parse("2026-03-11T00:00:01Z"));

      BudgetDecision reset = budgets.latest("acme-daily");
      assertEquals(Verdict.ALLOW, reset.verdict());
      assertEquals(0, reset.spentNanoUsd());
      assertEquals(Instant.parse("2026-03-11T00:00:00Z"), reset.windowStart());
      assertEquals(Instant.parse("2026-03-12T00:00:00Z"), reset.resetsAt());
    }
  }

  @Test
  void shouldCutAWeeklyWindowOnIsoWeeksStartingMonday() {
    // 2026-03-15 is a Sunday: its week runs from Monday 9 to Monday 16
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-15T20:00:00Z"))) {
      budgets.apply(budget("acme-weekly", ACME, "10", new BudgetWindow(WindowKind.WEEKLY, null), List.of(),
          BudgetMode.HARD, null));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-15T19:00:00Z"), usd("2"));

      BudgetDecision sunday = budgets.latest("acme-weekly");
      assertEquals(Instant.parse("2026-03-09T00:00:00Z"), sunday.windowStart());
      assertEquals(Instant.parse("2026-03-16T00:00:00Z"), sunday.resetsAt());
      assertEquals(usd("2"), sunday.spentNanoUsd());

      budgets.advanceTo(Instant.parse("2026-03-16T00:00:00.500Z"));
      BudgetDecision monday = budgets.latest("acme-weekly");
      assertEquals(0, monday.spentNanoUsd());
      assertEquals(Instant.parse("2026-03-23T00:00:00Z"), monday.resetsAt());
    }
  }

  @Test
  void shouldRollAMonthlyWindowFromJanuaryThe31stIntoFebruary() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-01-31T23:30:00Z"))) {
      budgets.apply(monthly("acme-monthly", "UTC"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-01-31T23:29:00Z"), usd("3"));
      BudgetDecision january = budgets.latest("acme-monthly");
      assertEquals(Instant.parse("2026-01-01T00:00:00Z"), january.windowStart());
      assertEquals(Instant.parse("2026-02-01T00:00:00Z"), january.resetsAt());
      assertEquals(usd("3"), january.spentNanoUsd());

      budgets.advanceTo(Instant.parse("2026-02-01T00:00:01Z"));

      BudgetDecision february = budgets.latest("acme-monthly");
      assertEquals(0, february.spentNanoUsd());
      assertEquals(Instant.parse("2026-02-01T00:00:00Z"), february.windowStart());
      assertEquals(Instant.parse("2026-03-01T00:00:00Z"), february.resetsAt());
    }
  }

  @Test
  void shouldGiveALeapYearFebruaryItsTwentyNinthDay() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2028-02-29T12:00:00Z"))) {
      budgets.apply(monthly("acme-monthly", "UTC"));
      budgets.spend("acme", "k1", "m", Instant.parse("2028-02-29T11:00:00Z"), usd("1"));

      BudgetDecision leapDay = budgets.latest("acme-monthly");
      assertEquals(usd("1"), leapDay.spentNanoUsd(), "Feb 29 belongs to February");
      assertEquals(Instant.parse("2028-02-01T00:00:00Z"), leapDay.windowStart());
      assertEquals(Instant.parse("2028-03-01T00:00:00Z"), leapDay.resetsAt());

      budgets.advanceTo(Instant.parse("2028-03-01T00:00:01Z"));
      assertEquals(Instant.parse("2028-04-01T00:00:00Z"), budgets.latest("acme-monthly").resetsAt());
    }
  }

  @Test
  void shouldCutWindowsInTheBudgetsTimeZoneAcrossADstChange() {
    // New York springs forward on 2026-03-08: that day is 23 hours long, from 05:00Z to 04:00Z the next day
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-09T03:30:00Z"))) {
      budgets.apply(budget("ny-daily", ACME, "10", new BudgetWindow(WindowKind.DAILY, null), List.of(),
          BudgetMode.HARD, "America/New_York"));
      // 23:30 on March 8 in New York, already March 9 in UTC
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-09T03:29:00Z"), usd("4"));

      BudgetDecision march8 = budgets.latest("ny-daily");
      assertEquals(usd("4"), march8.spentNanoUsd());
      assertEquals(Instant.parse("2026-03-08T05:00:00Z"), march8.windowStart());
      assertEquals(Instant.parse("2026-03-09T04:00:00Z"), march8.resetsAt());

      budgets.advanceTo(Instant.parse("2026-03-09T04:00:00.200Z"));
      BudgetDecision march9 = budgets.latest("ny-daily");
      assertEquals(0, march9.spentNanoUsd());
      assertEquals(Instant.parse("2026-03-10T04:00:00Z"), march9.resetsAt(), "a 24-hour day again, in EDT");
    }
  }

  @Test
  void shouldEndAMonthInTheBudgetsTimeZone() {
    // Berlin falls back on 2026-10-25, so October ends at 23:00Z (CET), not 22:00Z (CEST)
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-10-31T22:30:00Z"))) {
      budgets.apply(monthly("berlin-monthly", "Europe/Berlin"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-10-31T22:29:00Z"), usd("1"));

      BudgetDecision october = budgets.latest("berlin-monthly");
      assertEquals(Instant.parse("2026-09-30T22:00:00Z"), october.windowStart());
      assertEquals(Instant.parse("2026-10-31T23:00:00Z"), october.resetsAt());
      assertEquals(usd("1"), october.spentNanoUsd());
    }
  }

  @Test
  void shouldSumTheLastNDaysOfARollingWindowAndDropTheOldestAtMidnight() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-01T10:00:00Z"))) {
      budgets.apply(budget("acme-3d", ACME, "10", new BudgetWindow(WindowKind.ROLLING, 3), List.of(),
          BudgetMode.HARD, null));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-01T09:00:00Z"), usd("4"));
      budgets.advanceTo(Instant.parse("2026-03-02T10:00:00Z"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-02T09:00:00Z"), usd("3"));
      budgets.advanceTo(Instant.parse("2026-03-03T10:00:00Z"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-03T09:00:00Z"), usd("3"));

      BudgetDecision full = budgets.latest("acme-3d");
      assertEquals(usd("10"), full.spentNanoUsd());
      assertEquals(Verdict.BLOCK, full.verdict());
      assertEquals(Instant.parse("2026-03-01T00:00:00Z"), full.windowStart());
      assertEquals(Instant.parse("2026-03-04T00:00:00Z"), full.resetsAt(), "when the oldest day drops out");

      budgets.advanceTo(Instant.parse("2026-03-04T00:00:01Z"));

      BudgetDecision dropped = budgets.latest("acme-3d");
      assertEquals(usd("6"), dropped.spentNanoUsd(), "March 1 has dropped out");
      assertEquals(Verdict.ALLOW, dropped.verdict());
      assertEquals(Instant.parse("2026-03-02T00:00:00Z"), dropped.windowStart());
      assertEquals(Instant.parse("2026-03-05T00:00:00Z"), dropped.resetsAt());
    }
  }

  @Test
  void shouldAlertEachThresholdOncePerWindowAndAgainInTheNext() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(budget("acme-daily", ACME, "10", new BudgetWindow(WindowKind.DAILY, null), List.of(50, 80),
          BudgetMode.HARD, null));

      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("6"));
      List<BudgetAlert> at60 = budgets.newAlerts();
      assertEquals(Verdict.WARN, budgets.latest("acme-daily").verdict());
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:01:00Z"), usd("1"));
      List<BudgetAlert> at70 = budgets.newAlerts();
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:02:00Z"), usd("2"));
      List<BudgetAlert> at90 = budgets.newAlerts();

      assertEquals(List.of(50), thresholds(at60));
      assertEquals("acme-daily/2026-03-10T00:00:00Z/50", at60.get(0).alertId());
      assertEquals(usd("6"), at60.get(0).spentNanoUsd());
      assertEquals(List.of(), at70, "50% was already alerted in this window");
      assertEquals(List.of(80), thresholds(at90));

      budgets.advanceTo(Instant.parse("2026-03-11T12:00:00Z"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-11T11:00:00Z"), usd("5"));
      List<BudgetAlert> nextDay = budgets.newAlerts();
      assertEquals(List.of(50), thresholds(nextDay));
      assertEquals("acme-daily/2026-03-11T00:00:00Z/50", nextDay.get(0).alertId());
    }
  }

  @Test
  void shouldAlertEveryThresholdASingleSpendCrosses() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(budget("acme-daily", ACME, "10", new BudgetWindow(WindowKind.DAILY, null),
          List.of(50, 80, 100), BudgetMode.HARD, null));

      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("12"));

      assertEquals(List.of(50, 80, 100), thresholds(budgets.newAlerts()));
      assertEquals(Verdict.BLOCK, budgets.latest("acme-daily").verdict());
    }
  }

  @Test
  void shouldUnblockAtOnceWhenTheBudgetIsRaisedMidWindow() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(daily("acme-daily", "acme", "1.00"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("1.2"));
      assertEquals(Verdict.BLOCK, budgets.latest("acme-daily").verdict());

      budgets.apply(daily("acme-daily", "acme", "2.00"));

      BudgetDecision raised = budgets.latest("acme-daily");
      assertEquals(Verdict.ALLOW, raised.verdict());
      assertEquals(usd("1.2"), raised.spentNanoUsd(), "the spend of the window is kept");
      assertEquals(usd("0.8"), raised.remainingNanoUsd());
      assertEquals(Instant.parse("2026-03-10T12:00:00Z"), raised.decidedAt());
    }
  }

  @Test
  void shouldNeverBlockASoftBudget() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(budget("acme-soft", ACME, "1", new BudgetWindow(WindowKind.DAILY, null), List.of(),
          BudgetMode.SOFT, null));

      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("0.5"));
      assertEquals(Verdict.ALLOW, budgets.latest("acme-soft").verdict());
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:01:00Z"), usd("1.5"));

      BudgetDecision over = budgets.latest("acme-soft");
      assertEquals(Verdict.WARN, over.verdict());
      assertEquals(BudgetMode.SOFT, over.mode());
      assertEquals(usd("2"), over.spentNanoUsd());
      assertEquals(0, over.remainingNanoUsd());
    }
  }

  @Test
  void shouldCountARequestAgainstEveryBudgetWhoseScopeCoversIt() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(
          scoped("tenant", new BudgetScope("acme", null, null)),
          scoped("key", new BudgetScope("acme", "k1", null)),
          scoped("model", new BudgetScope("acme", null, "gpt-4o")),
          scoped("key-model", new BudgetScope("acme", "k1", "gpt-4o")),
          scoped("other-tenant", new BudgetScope("globex", null, null)));
      Instant at = Instant.parse("2026-03-10T11:00:00Z");

      budgets.spend("acme", "k1", "gpt-4o", at, 1);
      budgets.spend("acme", "k1", "o3", at, 10);
      budgets.spend("acme", "k2", "gpt-4o", at, 100);
      budgets.spend("acme", "k2", "o3", at, 1000);

      assertEquals(1111, budgets.latest("tenant").spentNanoUsd());
      assertEquals(11, budgets.latest("key").spentNanoUsd());
      assertEquals(101, budgets.latest("model").spentNanoUsd());
      assertEquals(1, budgets.latest("key-model").spentNanoUsd());
      assertEquals(0, budgets.latest("other-tenant").spentNanoUsd());
    }
  }

  @Test
  void shouldTombstoneTheDecisionOfADeletedBudget() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(daily("acme-daily", "acme", "1.00"), daily("acme-other", "acme", "1.00"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("2"));
      assertEquals(Verdict.BLOCK, budgets.latest("acme-daily").verdict());

      budgets.delete("acme-daily");
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:01:00Z"), usd("1"));
      budgets.advanceTo(Instant.parse("2026-03-11T00:00:01Z"));

      assertEquals(List.of("acme-daily"), budgets.tombstoned());
      assertNull(budgets.latest("acme-daily"), "a tombstone, and nothing after it");
      assertEquals(0, budgets.latest("acme-other").spentNanoUsd(), "the other budget rolled over");
    }
  }

  @Test
  void shouldStartAfreshWhenABudgetGetsAnotherWindow() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(daily("acme-budget", "acme", "10"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("4"));

      budgets.apply(monthly("acme-budget", "UTC"));

      BudgetDecision monthly = budgets.latest("acme-budget");
      assertEquals(0, monthly.spentNanoUsd());
      assertEquals(Instant.parse("2026-03-01T00:00:00Z"), monthly.windowStart());
      assertEquals(Instant.parse("2026-04-01T00:00:00Z"), monthly.resetsAt());
    }
  }

  @Test
  void shouldMoveABudgetToAnotherTenantWithoutTombstoningIt() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-10T12:00:00Z"))) {
      budgets.apply(daily("shared", "acme", "10"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:00:00Z"), usd("4"));

      budgets.apply(daily("shared", "globex", "10"));
      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T11:01:00Z"), usd("1"));
      budgets.spend("globex", "k9", "m", Instant.parse("2026-03-10T11:02:00Z"), usd("2"));

      BudgetDecision moved = budgets.latest("shared");
      assertEquals("globex", moved.scope().tenant());
      assertEquals(usd("2"), moved.spentNanoUsd());
      assertEquals(List.of(), budgets.tombstoned());
    }
  }

  @Test
  void shouldLeaveAnEndedWindowAloneWhenALateLineArrives() {
    try (BudgetDriver budgets = new BudgetDriver(stateDir, Instant.parse("2026-03-11T00:00:30Z"))) {
      budgets.apply(daily("acme-daily", "acme", "1.00"));

      budgets.spend("acme", "k1", "m", Instant.parse("2026-03-10T23:59:50Z"), usd("2"));

      assertEquals(0, budgets.latest("acme-daily").spentNanoUsd());
      assertEquals(Instant.parse("2026-03-11T00:00:00Z"), budgets.latest("acme-daily").windowStart());
    }
  }

  private static BudgetConfig monthly(String id, String zone) {
    return budget(id, ACME, "10", new BudgetWindow(WindowKind.MONTHLY, null), List.of(), BudgetMode.HARD, zone);
  }

  private static BudgetConfig scoped(String id, BudgetScope scope) {
    return budget(id, scope, "100", new BudgetWindow(WindowKind.DAILY, null), List.of(), BudgetMode.HARD, null);
  }

  private static List<Integer> thresholds(List<BudgetAlert> alerts) {
    return alerts.stream().map(BudgetAlert::thresholdPercent).toList();
  }
}
