package dev.tollgate.edge.budget;

import static dev.tollgate.edge.budget.BudgetFixtures.RESETS_AT;
import static dev.tollgate.edge.budget.BudgetFixtures.budget;
import static dev.tollgate.edge.budget.BudgetFixtures.decision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate's arithmetic: remaining − admitted since the decision − reservation ≥ 0, for every budget that applies. */
class BudgetGateTest {
  private static final Instant T0 = Instant.parse("2026-11-15T12:00:00Z");
  private static final Duration MARGIN = Duration.ofSeconds(5);
  private static final BudgetConfig TENANT = budget("acme-monthly", new BudgetScope("acme", null, null), 1_000,
      BudgetMode.HARD);

  private final MutableClock clock = new MutableClock(T0);
  private final DecisionTable table = new DecisionTable();
  private BudgetGate gate = gate(StalePolicy.OPEN);

  @BeforeEach
  void brokerHeard() {
    table.heard(T0);
  }

  @Test
  void shouldAdmitWhileTheRemainingCoversTheReservationsInFlight() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));

    assertAdmitted(admit(config(TENANT), "k1", 400));
    assertAdmitted(admit(config(TENANT), "k1", 400));
    BudgetAdmission third = admit(config(TENANT), "k1", 400);
    BudgetAdmission exact = admit(config(TENANT), "k1", 200);

    BudgetAdmission.Exhausted refused = assertInstanceOf(BudgetAdmission.Exhausted.class, third);
    assertEquals(200, refused.availableNanoUsd());
    assertAdmitted(exact);
    assertEquals(0, exact.headers().remainingNanoUsd());
  }

  @Test
  void shouldTellTheStandingItLastAdmittedUnder() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    assertAdmitted(admit(config(TENANT), "k1", 400));
    clock.advance(Duration.ofSeconds(1));
    table.put(decision(TENANT, 300, Verdict.ALLOW, clock.instant()));
    assertAdmitted(admit(config(TENANT), "k1", 100));
    assertInstanceOf(BudgetAdmission.Exhausted.class, admit(config(TENANT), "k1", 900));

    Standing last = gate.lastAdmission(TENANT.id()).orElseThrow();

    assertEquals(clock.instant(), last.decidedAt(), "a refusal does not change it");
    assertEquals(700, last.remainingNanoUsd());
    assertTrue(gate.lastAdmission("another-budget").isEmpty());
  }

  @Test
  void shouldReplaceTheReservationByTheRealCostAtSettlement() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    Charge charge = assertAdmitted(admit(config(TENANT), "k1", 600));

    charge.settle(150);

    assertEquals(850, gate.headers(config(TENANT), "acme", "k1", "gpt-4o").remainingNanoUsd());
    assertAdmitted(admit(config(TENANT), "k1", 850));
  }

  @Test
  void shouldSettleOnlyOnce() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    Charge charge = assertAdmitted(admit(config(TENANT), "k1", 600));

    charge.settle(150);
    charge.settle(10);
    charge.cancel();

    assertEquals(850, gate.headers(config(TENANT), "acme", "k1", "gpt-4o").remainingNanoUsd());
  }

  @Test
  void shouldReleaseACancelledReservation() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    assertAdmitted(admit(config(TENANT), "k1", 600)).cancel();

    assertAdmitted(admit(config(TENANT), "k1", 1_000));
  }

  @Test
  void shouldStopCountingSpendOnceANewerDecisionCoversItAndTheMarginHasPassed() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    assertAdmitted(admit(config(TENANT), "k1", 600)).settle(300);
    clock.advance(Duration.ofSeconds(1));
    // the budget service counted the 300 a second after they were emitted
    table.put(decision(TENANT, 300, Verdict.ALLOW, clock.instant()));

    long withinMargin = remaining(TENANT);
    clock.advance(MARGIN);
    long afterMargin = remaining(TENANT);

    assertEquals(400, withinMargin, "inside the margin, this edge's 300 may not be counted yet: subtract them");
    assertEquals(700, afterMargin);
  }

  @Test
  void shouldKeepCountingSpendEmittedAfterTheLatestDecisionHoweverOld() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    clock.advance(Duration.ofSeconds(1));
    assertAdmitted(admit(config(TENANT), "k1", 600)).settle(300);

    clock.advance(Duration.ofHours(1));

    // no decision since the spend: a budget service that is down must not let the edge forget it
    assertEquals(700, remaining(TENANT));
  }

  @Test
  void shouldKeepReservationsInFlightAcrossNewerDecisions() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    assertAdmitted(admit(config(TENANT), "k1", 600));
    clock.advance(Duration.ofMinutes(1));
    table.put(decision(TENANT, 100, Verdict.ALLOW, clock.instant()));

    assertEquals(300, remaining(TENANT));
  }

  @Test
  void shouldHoldTheReservationOfUnknownUsageUntilTheWindowEnds() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    assertAdmitted(admit(config(TENANT), "k1", 600)).hold();
    clock.advance(Duration.ofDays(1));
    table.put(decision(TENANT, 0, Verdict.ALLOW, clock.instant()));

    long sameWindow = remaining(TENANT);
    clock.advance(Duration.between(clock.instant(), RESETS_AT));
    long nextWindow = remaining(TENANT);

    assertEquals(400, sameWindow);
    assertEquals(1_000, nextWindow, "past the reset, a fresh window starts with the full limit");
  }

  @Test
  void shouldRefuseOnTheTightestOfSeveralBudgetsAndNameIt() {
    BudgetConfig key = budget("k1-daily", new BudgetScope("acme", "k1", null), 300, BudgetMode.HARD);
    BudgetConfig model = budget("acme-gpt4o", new BudgetScope("acme", null, "gpt-4o"), 100, BudgetMode.HARD);
    ConfigSnapshot config = config(TENANT, key, model);
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    table.put(decision(key, 0, Verdict.ALLOW, T0));
    table.put(decision(model, 0, Verdict.ALLOW, T0));

    BudgetAdmission otherModel = gate.admit(config, "acme", "k1", "gpt-4o-mini", 250);
    BudgetAdmission otherKey = gate.admit(config, "acme", "k2", "gpt-4o-mini", 500);
    BudgetAdmission refused = gate.admit(config, "acme", "k1", "gpt-4o", 150);

    assertAdmitted(otherModel);
    assertEquals(50, otherModel.headers().remainingNanoUsd(), "the key's budget is the tightest: 300 − 250");
    assertEquals(300, otherModel.headers().limitNanoUsd());
    assertAdmitted(otherKey);
    assertEquals(250, otherKey.headers().remainingNanoUsd(), "k2 has only the tenant's: 1000 − 250 − 500");
    BudgetAdmission.Exhausted exhausted = assertInstanceOf(BudgetAdmission.Exhausted.class, refused);
    assertEquals("k1-daily", exhausted.standing().budget().id());
    assertTrue(exhausted.message().contains("Budget 'k1-daily' of tenant 'acme', key 'k1'"), exhausted.message());
    assertTrue(exhausted.message().contains("resets at 2026-12-01T00:00:00Z"), exhausted.message());
    assertEquals(250, remaining(TENANT), "a refusal reserves nothing anywhere");
  }

  @Test
  void shouldBlockOnAHardBlockVerdictWhateverTheArithmetic() {
    table.put(decision(TENANT, 10, Verdict.BLOCK, T0));

    BudgetAdmission refused = admit(config(TENANT), "k1", 1);

    BudgetAdmission.Exhausted exhausted = assertInstanceOf(BudgetAdmission.Exhausted.class, refused);
    assertTrue(exhausted.message().contains("is exhausted"), exhausted.message());
  }

  @Test
  void shouldNeverBlockOnASoftBudgetButStillReportIt() {
    BudgetConfig soft = budget("acme-soft", new BudgetScope("acme", null, null), 1_000, BudgetMode.SOFT);
    table.put(decision(soft, 1_000, Verdict.BLOCK, T0));

    BudgetAdmission admitted = admit(config(soft), "k1", 500);

    assertAdmitted(admitted);
    assertEquals(0, admitted.headers().remainingNanoUsd());
    assertEquals(1_000, admitted.headers().limitNanoUsd());
  }

  @Test
  void shouldHoldABudgetWithoutDecisionToItsConfiguredAmount() {
    assertAdmitted(admit(config(TENANT), "k1", 700)).settle(700);
    clock.advance(Duration.ofDays(1));

    BudgetAdmission refused = admit(config(TENANT), "k1", 301);

    assertInstanceOf(BudgetAdmission.Exhausted.class, refused);
    assertEquals(300, refused.headers().remainingNanoUsd());
    assertEquals(null, refused.headers().resetsAt());
  }

  @Test
  void shouldAdmitOnStaleDecisionsWhenFailingOpenAndSayItWasStale() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));
    clock.advance(Duration.ofSeconds(31));

    BudgetAdmission admitted = admit(config(TENANT), "k1", 600);
    BudgetAdmission overLimit = admit(config(TENANT), "k1", 600);

    assertTrue(assertInstanceOf(BudgetAdmission.Admitted.class, admitted).stale());
    assertInstanceOf(BudgetAdmission.Exhausted.class, overLimit, "the last decisions still hold when failing open");
  }

  @Test
  void shouldRefuseOnStaleDecisionsWhenFailingClosed() {
    gate = gate(StalePolicy.CLOSED);
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));

    BudgetAdmission fresh = admit(config(TENANT), "k1", 100);
    clock.advance(Duration.ofSeconds(31));
    BudgetAdmission stale = admit(config(TENANT), "k1", 100);

    assertFalse(assertInstanceOf(BudgetAdmission.Admitted.class, fresh).stale());
    BudgetAdmission.Unverifiable refused = assertInstanceOf(BudgetAdmission.Unverifiable.class, stale);
    assertTrue(refused.message().contains("not heard for 31 s"), refused.message());
    assertEquals(900, refused.headers().remainingNanoUsd());
  }

  @Test
  void shouldTreatABoardThatNeverHeardFromTheBrokerAsStale() {
    gate = new BudgetGate(new DecisionTable(), new BudgetSettings(Duration.ofSeconds(30), StalePolicy.CLOSED, MARGIN),
        clock);

    assertInstanceOf(BudgetAdmission.Unverifiable.class, admit(config(TENANT), "k1", 1));
  }

  @Test
  void shouldAdmitFreelyWhenNoBudgetApplies() {
    BudgetAdmission admitted = gate.admit(config(TENANT), "other-tenant", "k9", "gpt-4o", 1_000_000);

    assertSame(Charge.NONE, assertAdmitted(admitted));
    assertSame(BudgetHeaders.NONE, admitted.headers());
  }

  @Test
  void shouldRenderTheHeadersInUsdAndTheResetAsAnInstant() {
    Map<String, String> headers = new LinkedHashMap<>();

    new BudgetHeaders(12_500_000_000L, 375_000, RESETS_AT).forEach(headers::put);

    assertEquals(Map.of("x-budget-limit", "12.5", "x-budget-remaining", "0.000375",
        "x-budget-reset", "2026-12-01T00:00:00Z"), headers);
    Map<String, String> zero = new LinkedHashMap<>();
    new BudgetHeaders(0, 0, null).forEach(zero::put);
    assertEquals(Map.of("x-budget-limit", "0", "x-budget-remaining", "0"), zero);
  }

  private BudgetGate gate(StalePolicy policy) {
    return new BudgetGate(table, new BudgetSettings(Duration.ofSeconds(30), policy, MARGIN), clock);
  }

  private BudgetAdmission admit(ConfigSnapshot config, String key, long reservation) {
    return gate.admit(config, "acme", key, "gpt-4o", reservation);
  }

  private long remaining(BudgetConfig budget) {
    return gate.headers(config(budget), budget.scope().tenant(), "k1", "gpt-4o").remainingNanoUsd();
  }

  private static ConfigSnapshot config(BudgetConfig... budgets) {
    return ConfigSnapshot.of(List.of(budgets));
  }

  private static Charge assertAdmitted(BudgetAdmission admission) {
    return assertInstanceOf(BudgetAdmission.Admitted.class, admission, String.valueOf(admission)).charge();
  }
}
