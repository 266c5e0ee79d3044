package dev.tollgate.routing.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tollgate.routing.match.RouteMatcher.Match;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteMatcherTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void shouldPickTheCheapestUnderTheMaximumComparingInputPlusOutputExactly() {
    RouteTable table = table(RouteStrategy.CHEAPEST,
        candidate("a", "0.10", "0.20", CircuitState.CLOSED, null),
        candidate("b", "0.05", "0.25", CircuitState.CLOSED, null),
        candidate("c", "1", "2", CircuitState.CLOSED, null));

    assertEquals("a", chosen(RouteMatcher.match(table, new BigDecimal("0.3"), NOW, new Random(1))));
    assertInstanceOf(Match.NothingUnderPrice.class,
        RouteMatcher.match(table, new BigDecimal("0.29999999"), NOW, new Random(1)));
  }

  @Test
  void shouldExcludeCandidatesWithoutAPriceOnlyWhenAMaximumIsGiven() {
    RouteTable table = table(RouteStrategy.WEIGHTED, candidate("free?", null, null, CircuitState.CLOSED, null));

    assertEquals("free?", chosen(RouteMatcher.match(table, null, NOW, new Random(1))));
    assertInstanceOf(Match.NothingUnderPrice.class, RouteMatcher.match(table, BigDecimal.TEN, NOW, new Random(1)));
  }

  @Test
  void shouldSkipOpenCircuitsUntilTheirCooldownIsOver() {
    RouteTable table = table(RouteStrategy.PRIORITY,
        candidate("open", "1", "1", CircuitState.OPEN, NOW.plusSeconds(5)));

    assertInstanceOf(Match.NoneAvailable.class, RouteMatcher.match(table, null, NOW, new Random(1)));
    assertEquals("open", chosen(RouteMatcher.match(table, null, NOW.plusSeconds(5), new Random(1))));
  }

  @Test
  void shouldPreferTheLowestPriorityNumber() {
    RouteTable table = table(RouteStrategy.PRIORITY,
        new RouteCandidate("second", "p", "m", 100, 2, DeploymentHealth.UNKNOWN, null, null),
        new RouteCandidate("first", "p", "m", 1, 1, DeploymentHealth.UNKNOWN, null, null));

    for (int seed = 0; seed < 20; seed++) {
      assertEquals("first", chosen(RouteMatcher.match(table, null, NOW, new Random(seed))));
    }
  }

  private static String chosen(Match match) {
    return assertInstanceOf(Match.Chosen.class, match).candidate().deployment();
  }

  private static RouteTable table(RouteStrategy strategy, RouteCandidate... candidates) {
    return new RouteTable(RouteTable.CURRENT_SCHEMA_VERSION, "m", strategy, List.of(candidates), List.of(), NOW);
  }

  private static RouteCandidate candidate(String id, String in, String out, CircuitState state, Instant until) {
    Price price = in == null ? null : new Price(null, new BigDecimal(in), new BigDecimal(out), null, null);
    return new RouteCandidate(id, "p", "m-" + id, state == CircuitState.OPEN ? 0 : 1, 0,
        new DeploymentHealth(state, 0, 0, 0, until), price, null);
  }
}
