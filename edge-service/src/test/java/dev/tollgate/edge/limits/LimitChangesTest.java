package dev.tollgate.edge.limits;

import static dev.tollgate.edge.limits.LimitFixtures.NONE;
import static dev.tollgate.edge.limits.LimitFixtures.concurrent;
import static dev.tollgate.edge.limits.LimitFixtures.permit;
import static dev.tollgate.edge.limits.LimitFixtures.refusal;
import static dev.tollgate.edge.limits.LimitFixtures.rpm;
import static dev.tollgate.edge.limits.LimitFixtures.tpm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Limits that change in the configuration while a scope is in use. */
class LimitChangesTest {
  private final ManualClock clock = new ManualClock();
  private final LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 1_000);

  @Test
  void shouldKeepTheRequestsUsedWhenTheRpmIsLoweredOrRaised() {
    for (int i = 0; i < 6; i++) {
      permit(gate.admit("k", rpm(10), "t", NONE, 0)).release();
    }

    Refusal afterLowering = refusal(gate.admit("k", rpm(5), "t", NONE, 0));
    Permit afterRaising = permit(gate.admit("k", rpm(20), "t", NONE, 0));

    // 6 used of 5: two refills of 12 s each before one more fits
    assertEquals(24_000, afterLowering.retryAfterMillis());
    assertEquals(0, afterLowering.headers().remainingRequests());
    assertEquals(20, afterRaising.headers().limitRequests());
    assertEquals(13, afterRaising.headers().remainingRequests());
  }

  @Test
  void shouldKeepTheTokensUsedWhenTheTpmChanges() {
    Permit permit = permit(gate.admit("k", tpm(1_000), "t", NONE, 800));

    Permit afterRaising = permit(gate.admit("k", tpm(2_000), "t", NONE, 100));
    permit.settle(0);
    Permit afterRefund = permit(gate.admit("k", tpm(2_000), "t", NONE, 0));

    assertEquals(1_100, afterRaising.headers().remainingTokens());
    assertEquals(1_900, afterRefund.headers().remainingTokens());
  }

  @Test
  void shouldCountRequestsAlreadyInFlightAgainstANewConcurrencyLimit() {
    Permit first = permit(gate.admit("k", concurrent(2), "t", NONE, 0));
    Permit second = permit(gate.admit("k", concurrent(2), "t", NONE, 0));

    Permit third = permit(gate.admit("k", concurrent(3), "t", NONE, 0));
    Refusal loweredToOne = refusal(gate.admit("k", concurrent(1), "t", NONE, 0));
    first.release();
    second.release();
    Refusal stillOneInFlight = refusal(gate.admit("k", concurrent(1), "t", NONE, 0));
    third.release();
    Permit allDone = permit(gate.admit("k", concurrent(1), "t", NONE, 0));

    assertEquals(LimitKind.CONCURRENCY, loweredToOne.limit());
    assertEquals(LimitKind.CONCURRENCY, stillOneInFlight.limit());
    allDone.release();
  }

  @Test
  void shouldStartWithAFullBucketWhenAnUnlimitedFigureBecomesLimited() {
    for (int i = 0; i < 50; i++) {
      permit(gate.admit("k", NONE, "t", NONE, 0)).release();
    }

    Permit limited = permit(gate.admit("k", rpm(10), "t", NONE, 0));

    assertEquals(9, limited.headers().remainingRequests());
  }

  @Test
  void shouldStopLimitingWhenALimitIsRemoved() {
    permit(gate.admit("k", rpm(1), "t", NONE, 0)).release();
    refusal(gate.admit("k", rpm(1), "t", NONE, 0));

    Permit unlimited = permit(gate.admit("k", NONE, "t", NONE, 0));

    assertEquals(-1, unlimited.headers().limitRequests());
  }
}
