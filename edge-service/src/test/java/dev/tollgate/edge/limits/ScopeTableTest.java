package dev.tollgate.edge.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.Limits;
import org.junit.jupiter.api.Test;

/** The forgetting protocol that lets the gate look scopes up without a lock on the table. */
class ScopeTableTest {
  private static final long NOW = 1_000_000_000L;

  @Test
  void shouldRetireAForgottenScopeSoThatWhoeverStillHoldsItLooksItUpAgain() {
    ScopeTable table = new ScopeTable(10);
    RateLimiter held = table.get("k", NOW);

    table.evict(NOW);
    RateLimiter live = table.get("k", NOW);

    assertTrue(held.retired());
    assertNotSame(held, live);
    assertFalse(live.retired());
  }

  @Test
  void shouldNeverForgetAScopeWithARequestInFlightEvenPastCapacity() {
    ScopeTable table = new ScopeTable(1);
    table.get("a", NOW).enter(NOW, 0);
    table.get("b", NOW).enter(NOW, 0);

    table.evict(NOW);

    assertEquals(2, table.size());
  }

  @Test
  void shouldApplyAChargeMadeOnAForgottenScopeToItsSuccessorWithTheLimitsItWasMadeUnder() {
    ScopeTable table = new ScopeTable(10);
    RateLimiter held = table.get("k", NOW);
    table.evict(NOW);

    table.adjustTokens(held, NOW, 400, new Limits(null, 1_000L, null));

    assertEquals(600, table.get("k", NOW).remainingOf(LimitKind.TOKENS, NOW));
  }
}
