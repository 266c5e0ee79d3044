package dev.tollgate.edge.limits;

import static dev.tollgate.edge.limits.LimitFixtures.NONE;
import static dev.tollgate.edge.limits.LimitFixtures.concurrent;
import static dev.tollgate.edge.limits.LimitFixtures.permit;
import static dev.tollgate.edge.limits.LimitFixtures.refusal;
import static dev.tollgate.edge.limits.LimitFixtures.rpm;
import static dev.tollgate.edge.limits.LimitFixtures.tpm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.Limits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitGateTest {
  private final ManualClock clock = new ManualClock();
  private final AdmissionBound bound = AdmissionBound.of(100);
  private final LimitGate gate = LimitGate.create(bound, clock, 1_000);

  @Test
  void shouldRefuseRequestsPastTheRpmUntilTheBucketRefills() {
    Limits threePerMinute = rpm(3);
    for (int i = 0; i < 3; i++) {
      permit(gate.admit("k", threePerMinute, "t", NONE, 0)).release();
    }

    Refusal fourth = refusal(gate.admit("k", threePerMinute, "t", NONE, 0));
    clock.advance(Duration.ofSeconds(20));
    Admission afterOneRefill = gate.admit("k", threePerMinute, "t", NONE, 0);
    Admission rightAfter = gate.admit("k", threePerMinute, "t", NONE, 0);

    assertEquals(LimitKind.REQUESTS, fourth.limit());
    assertEquals(LimitScope.KEY, fourth.scope());
    assertEquals(20_000, fourth.retryAfterMillis());
    permit(afterOneRefill);
    refusal(rightAfter);
  }

  @Test
  void shouldRefillContinuouslyRatherThanAtTheMinute() {
    Limits sixtyPerMinute = rpm(60);
    for (int i = 0; i < 60; i++) {
      permit(gate.admit("k", sixtyPerMinute, "t", NONE, 0)).release();
    }

    clock.advance(Duration.ofMillis(2_500));
    int admitted = 0;
    while (gate.admit("k", sixtyPerMinute, "t", NONE, 0) instanceof Permit p) {
      p.release();
      admitted++;
    }

    assertEquals(2, admitted);
  }

  @Test
  void shouldReserveTheEstimateAndRefundWhatTheRealUsageLeftOver() {
    Limits thousandTokens = tpm(1_000);
    Permit first = permit(gate.admit("k", thousandTokens, "t", NONE, 600));
    Refusal tooBig = refusal(gate.admit("k", thousandTokens, "t", NONE, 500));

    first.settle(100);
    Permit second = permit(gate.admit("k", thousandTokens, "t", NONE, 500));

    assertEquals(LimitKind.TOKENS, tooBig.limit());
    assertEquals(6_000, tooBig.retryAfterMillis());
    assertEquals(400, first.headers().remainingTokens());
    assertEquals(400, second.headers().remainingTokens());
    assertEquals(100, first.chargedTokens());
  }

  @Test
  void shouldChargeTheExcessWhenTheRealUsageExceedsTheEstimate() {
    Limits thousandTokens = tpm(1_000);
    Permit permit = permit(gate.admit("k", thousandTokens, "t", NONE, 100));

    permit.settle(1_500);
    Refusal next = refusal(gate.admit("k", thousandTokens, "t", NONE, 1));

    // 1,500 used of 1,000 per minute: 500 in debt, so one more token is 30 s and one token (60 ms) away.
    assertEquals(LimitKind.TOKENS, next.limit());
    assertEquals(30_060, next.retryAfterMillis());
    assertEquals(0, next.headers().remainingTokens());
  }

  @Test
  void shouldSettleToTheLastFigureWhenSettledTwiceAndAfterRelease() {
    Limits thousandTokens = tpm(1_000);
    Permit permit = permit(gate.admit("k", thousandTokens, "t", NONE, 500));

    permit.release();
    permit.settle(900);
    permit.settle(300);
    Permit next = permit(gate.admit("k", thousandTokens, "t", NONE, 0));

    assertEquals(700, next.headers().remainingTokens());
  }

  @Test
  void shouldAdmitARequestLargerThanTheTokenLimitOnceTheBucketIsFull() {
    Limits hundredTokens = tpm(100);

    Permit huge = permit(gate.admit("k", hundredTokens, "t", NONE, 500));
    Refusal next = refusal(gate.admit("k", hundredTokens, "t", NONE, 1));

    assertEquals(0, huge.headers().remainingTokens());
    assertEquals(LimitKind.TOKENS, next.limit());
  }

  @Test
  void shouldFreeTheConcurrencySlotOnReleaseAndOnlyOnce() {
    Limits one = concurrent(1);
    Permit first = permit(gate.admit("k", one, "t", NONE, 0));
    Refusal whileBusy = refusal(gate.admit("k", one, "t", NONE, 0));

    first.release();
    first.release();
    Permit second = permit(gate.admit("k", one, "t", NONE, 0));
    Admission third = gate.admit("k", one, "t", NONE, 0);

    assertEquals(LimitKind.CONCURRENCY, whileBusy.limit());
    assertEquals(1_000, whileBusy.retryAfterMillis());
    refusal(third);
    assertEquals(1, bound.inFlight());
    second.release();
    assertEquals(0, bound.inFlight());
  }

  @Test
  void shouldChargeNothingInTheKeyWhenTheTenantRefuses() {
    Limits key = new Limits(10L, 1_000L, 1);
    permit(gate.admit("other-key", NONE, "t", rpm(1), 0));

    Refusal refused = refusal(gate.admit("k", key, "t", rpm(1), 400));
    Permit admitted = permit(gate.admit("k", key, "t", NONE, 400));

    assertEquals(LimitScope.TENANT, refused.scope());
    assertEquals(9, admitted.headers().remainingRequests());
    assertEquals(600, admitted.headers().remainingTokens());
    assertEquals(2, bound.inFlight());
  }

  @Test
  void shouldChargeNothingInTheTenantWhenTheKeyRefuses() {
    Limits tenant = new Limits(10L, 1_000L, 2);
    permit(gate.admit("k", rpm(1), "t", tenant, 400)).release();

    Refusal refused = refusal(gate.admit("k", rpm(1), "t", tenant, 400));
    Permit other = permit(gate.admit("other-key", NONE, "t", tenant, 400));
    Permit another = permit(gate.admit("third-key", NONE, "t", tenant, 0));

    assertEquals(LimitScope.KEY, refused.scope());
    assertEquals(8, other.headers().remainingRequests());
    assertEquals(200, other.headers().remainingTokens());
    assertEquals(7, another.headers().remainingRequests());
  }

  @Test
  void shouldNameTheLimitThatFreesUpLast() {
    Limits key = new Limits(1L, 100L, null);
    permit(gate.admit("k", key, "t", NONE, 100)).release();

    Refusal refusal = refusal(gate.admit("k", key, "t", NONE, 50));

    // tokens free up in 30 s (50 of 100 per minute), the single request per minute only in 60 s
    assertEquals(LimitKind.REQUESTS, refusal.limit());
    assertEquals(60_000, refusal.retryAfterMillis());
  }

  @Test
  void shouldRefuseAtOnceAtTheEdgeBoundAndChargeNoScope() {
    LimitGate small = LimitGate.create(AdmissionBound.of(2), clock, 10);
    Permit first = permit(small.admit("a", NONE, "t", NONE, 0));
    permit(small.admit("b", NONE, "t", NONE, 0));

    Refusal atCapacity = refusal(small.admit("c", rpm(5), "t", NONE, 0));
    first.release();
    Permit afterRelease = permit(small.admit("c", rpm(5), "t", NONE, 0));

    assertEquals(LimitScope.EDGE, atCapacity.scope());
    assertEquals(LimitKind.CONCURRENCY, atCapacity.limit());
    assertTrue(atCapacity.headers().isEmpty());
    assertEquals(4, afterRelease.headers().remainingRequests());
    assertEquals(2, small.bound().inFlight());
  }

  @Test
  void shouldRejectNegativeTokenFiguresWithoutTakingASlot() {
    assertThrows(IllegalArgumentException.class, () -> gate.admit("k", NONE, "t", NONE, -1));
    Permit permit = permit(gate.admit("k", NONE, "t", NONE, 0));

    assertThrows(IllegalArgumentException.class, () -> permit.settle(-1));
    assertEquals(1, bound.inFlight());
  }
}
