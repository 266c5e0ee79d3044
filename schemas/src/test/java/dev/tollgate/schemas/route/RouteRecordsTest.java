package dev.tollgate.schemas.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.config.RouteStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteRecordsTest {

  private static final Instant NOW = RecordSamples.STARTED_AT;

  @Test
  void shouldKeepItsOwnCopyOfTheCandidates() {
    List<RouteCandidate> candidates = new ArrayList<>(RecordSamples.routeTable().candidates());
    RouteTable table = new RouteTable(1, "gpt-4o", RouteStrategy.WEIGHTED, candidates, null, NOW);

    candidates.clear();

    assertEquals(2, table.candidates().size());
    assertThrows(UnsupportedOperationException.class, () -> table.candidates().clear());
  }

  @Test
  void shouldReadAbsentListsAsEmpty() {
    RouteTable table = new RouteTable(1, "gpt-4o", RouteStrategy.PRIORITY, null, null, NOW);

    assertEquals(List.of(), table.candidates());
    assertEquals(List.of(), table.fallbacks());
  }

  @Test
  void shouldNameTheNullElementOfAList() {
    List<String> fallbacks = Arrays.asList("gpt-4o-mini", null);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RouteTable(1, "gpt-4o", RouteStrategy.WEIGHTED, null, fallbacks, NOW));

    assertEquals("fallbacks[1] must not be null", e.getMessage());
  }

  @Test
  void shouldRequireACooldownForAnOpenCircuit() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new DeploymentHealth(CircuitState.OPEN, 5_000, 0, 0, null));

    assertEquals("cooldown_until is required when the circuit is open", e.getMessage());
  }

  @Test
  void shouldTakeTrafficAgainOnceTheCooldownIsOver() {
    DeploymentHealth cooling = new DeploymentHealth(CircuitState.OPEN, 5_000, 0, 0, NOW.plusSeconds(30));

    assertFalse(cooling.availableAt(NOW));
    assertTrue(cooling.availableAt(NOW.plusSeconds(30)));
    assertTrue(DeploymentHealth.UNKNOWN.availableAt(NOW));
  }

  @Test
  void shouldRejectAnErrorRateAboveAHundredPercent() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new DeploymentHealth(CircuitState.CLOSED, 10_001, 0, 0, null));

    assertEquals("error_rate_basis_points must be between 0 and 10000, got 10001", e.getMessage());
  }
}
