package dev.tollgate.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.route.CircuitState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentStatsTest {

  private static final HealthPolicy POLICY = HealthPolicy.defaults();
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void shouldDoubleTheCooldownOnEachTripWithoutRecoveryUpToTheCap() {
    assertEquals(Duration.ofSeconds(30), POLICY.cooldown(1));
    assertEquals(Duration.ofSeconds(60), POLICY.cooldown(2));
    assertEquals(Duration.ofSeconds(240), POLICY.cooldown(4));
    assertEquals(Duration.ofMinutes(5), POLICY.cooldown(5));
    assertEquals(Duration.ofMinutes(5), POLICY.cooldown(50));
  }

  @Test
  void shouldIgnoreOutcomesOfRequestsInFlightWhileOpen() {
    DeploymentStats open = failures(DeploymentStats.NEW, 5, T0);
    assertEquals(CircuitState.OPEN, open.state());

    DeploymentStats after = open.record(Verdict.SUCCESS, 100L, null, T0.plusSeconds(1), POLICY);

    assertEquals(open, after);
  }

  @Test
  void shouldHalfOpenOnTheFirstOutcomeAfterTheCooldownEvenBeforeATick() {
    DeploymentStats open = failures(DeploymentStats.NEW, 5, T0);

    DeploymentStats probed = open.record(Verdict.SUCCESS, 100L, null, T0.plusSeconds(30), POLICY);

    assertEquals(CircuitState.HALF_OPEN, probed.state());
    assertEquals(1, probed.halfOpenSuccesses());
  }

  @Test
  void shouldForgetOldOutcomesBeyondTheWindow() {
    DeploymentStats stats = failures(DeploymentStats.NEW, 4, T0);
    for (int i = 0; i < POLICY.window(); i++) {
      stats = stats.record(Verdict.SUCCESS, null, null, T0, POLICY);
    }

    assertEquals(0, stats.errorRateBasisPoints(POLICY));
    assertEquals(POLICY.window(), stats.count());
  }

  private static DeploymentStats failures(DeploymentStats stats, int n, Instant at) {
    for (int i = 0; i < n; i++) {
      stats = stats.record(Verdict.FAILURE, null, null, at, POLICY);
    }
    return stats;
  }
}
