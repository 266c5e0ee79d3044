package dev.tollgate.edge.limits;

import static dev.tollgate.edge.limits.LimitFixtures.NONE;
import static dev.tollgate.edge.limits.LimitFixtures.permit;
import static dev.tollgate.edge.limits.LimitFixtures.refusal;
import static dev.tollgate.edge.limits.LimitFixtures.rpm;
import static dev.tollgate.edge.limits.LimitFixtures.tpm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scope state is bounded: idle scopes are forgotten, busy ones kept. */
class ScopeEvictionTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void shouldForgetIdleScopesAndKeepThoseWithRequestsInFlight() {
    LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 1_000);
    permit(gate.admit("idle-key", rpm(10), "shared", NONE, 0)).release();
    Permit busy = permit(gate.admit("busy-key", rpm(10), "shared", NONE, 0));

    clock.advance(Duration.ofSeconds(61));
    permit(gate.admit("new-key", NONE, "new-tenant", NONE, 0)).release();

    // idle-key is gone; busy-key and its tenant stay for the request in flight; the new pair was just added
    assertEquals(4, gate.trackedScopes());
    busy.release();
    clock.advance(Duration.ofSeconds(61));
    permit(gate.admit("last-key", NONE, "new-tenant", NONE, 0)).release();
    assertEquals(2, gate.trackedScopes());
  }

  @Test
  void shouldKeepAScopeWhoseTokenBucketIsStillRefilling() {
    LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 1_000);
    Permit permit = permit(gate.admit("k", tpm(1_000), "t", NONE, 100));
    permit.settle(3_000);
    permit.release();

    clock.advance(Duration.ofSeconds(61));
    permit(gate.admit("other", NONE, "other-tenant", NONE, 0)).release();
    Refusal stillInDebt = refusal(gate.admit("k", tpm(1_000), "t", NONE, 0));

    // 3,000 tokens at 1,000 a minute take three minutes to refill; 61 s later the debt is still there
    assertEquals(119_000, stillInDebt.headers().resetTokensMillis());
    assertEquals(59_060, stillInDebt.retryAfterMillis());
    assertEquals(4, gate.trackedScopes());
  }

  @Test
  void shouldForgetLeastRecentlyUsedScopesWithNothingInFlightPastCapacity() {
    LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 2);
    permit(gate.admit("oldest", rpm(10), "t", NONE, 0)).release();
    clock.advance(Duration.ofMillis(10));
    Permit busy = permit(gate.admit("busy", rpm(10), "t", NONE, 0));
    clock.advance(Duration.ofMillis(10));
    permit(gate.admit("recent", rpm(10), "t", NONE, 0)).release();

    clock.advance(Duration.ofSeconds(1));
    permit(gate.admit("trigger", NONE, "t", NONE, 0)).release();
    Permit oldestAgain = permit(gate.admit("oldest", rpm(10), "t", NONE, 0));
    Permit recentAgain = permit(gate.admit("recent", rpm(10), "t", NONE, 0));

    // "oldest" lost its usage (a fresh bucket), "recent" kept it, and the busy one was never a candidate
    assertEquals(9, oldestAgain.headers().remainingRequests());
    assertEquals(8, recentAgain.headers().remainingRequests());
    busy.release();
  }

  @Test
  void shouldChargeASettlementToTheLiveScopeWhenItsOwnWasForgotten() {
    LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 1_000);
    Permit permit = permit(gate.admit("k", tpm(1_000), "t", NONE, 10));
    permit.release();

    clock.advance(Duration.ofSeconds(61));
    permit(gate.admit("other", NONE, "other-tenant", NONE, 0)).release();
    permit.settle(510);
    Permit next = permit(gate.admit("k", tpm(1_000), "t", NONE, 0));

    assertEquals(500, next.headers().remainingTokens());
  }
}
