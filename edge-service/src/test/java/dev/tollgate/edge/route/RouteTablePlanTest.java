package dev.tollgate.edge.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RoutePlan} from the routing service's route table: health, strategies, the price cap, registrations. */
class RouteTablePlanTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ConfigSnapshot PROVIDERS = ConfigSnapshot.of(List.of(
      new ProviderConfig(1, "a", new OpenAiCompatibleSpec("http://127.0.0.1:1/v1", null, Map.of())),
      new ProviderConfig(1, "b", new OpenAiCompatibleSpec("http://127.0.0.1:2/v1", null, Map.of()))));
  private static final ModelConfig MODEL = new ModelConfig(1, "alias", RouteStrategy.WEIGHTED,
      List.of(deployment("x", "a"), deployment("y", "b")), List.of("config-fallback"));
  private static final RoutePlan.Ask CHAT = new RoutePlan.Ask(OpenAiEndpoint.CHAT_COMPLETIONS, false, null, NOW);

  @Test
  void shouldSkipACircuitStillCoolingDownAndProbeItOnceTheCooldownIsOver() {
    DeploymentHealth open = new DeploymentHealth(CircuitState.OPEN, 10_000, 0, 0, NOW.plusSeconds(1));
    RouteTable table = table(RouteStrategy.WEIGHTED, candidate("x", 0, open, null), candidate("y", 1, healthy(), null));

    assertEquals(List.of("y"), ids(plan(table, CHAT, 1)));
    RoutePlan.Ask later = new RoutePlan.Ask(OpenAiEndpoint.CHAT_COMPLETIONS, false, null, NOW.plusSeconds(1));
    assertEquals(List.of("y", "x"), ids(plan(table, later, 1)));
  }

  @Test
  void shouldGiveAHalfOpenCandidateOnlyItsTrickle() {
    DeploymentHealth halfOpen = new DeploymentHealth(CircuitState.HALF_OPEN, 5_000, 0, 0, null);
    RouteTable table = table(RouteStrategy.LOWEST_LATENCY, candidate("x", 1, halfOpen, null),
        candidate("y", 9, new DeploymentHealth(CircuitState.CLOSED, 0, 500, 50, null), null));
    SplittableRandom random = new SplittableRandom(3);

    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      first.merge(RoutePlan.plan("alias", Optional.of(MODEL), Optional.of(table), CHAT, PROVIDERS, random)
          .attempts().get(0).deployment().id(), 1, Integer::sum);
    }

    // weight 1 of 10: about 200 probes, although its latency (0, no sample) would win every comparison
    assertTrue(first.get("x") > 120 && first.get("x") < 280, first.toString());
  }

  @Test
  void shouldPreferTheLowerLatencyOfTwoAndTheLowerTimeToFirstTokenForStreams() {
    RouteTable table = table(RouteStrategy.LOWEST_LATENCY,
        candidate("x", 1, new DeploymentHealth(CircuitState.CLOSED, 0, 100, 90, null), null),
        candidate("y", 1, new DeploymentHealth(CircuitState.CLOSED, 0, 300, 10, null), null));

    assertEquals(List.of("x", "y"), ids(plan(table, CHAT, 5)));
    RoutePlan.Ask stream = new RoutePlan.Ask(OpenAiEndpoint.CHAT_COMPLETIONS, true, null, NOW);
    assertEquals(List.of("y", "x"), ids(plan(table, stream, 5)));
  }

  @Test
  void shouldOrderTheCheapestFirstAndLeaveOutWhatExceedsTheCap() {
    RouteTable table = table(RouteStrategy.CHEAPEST, candidate("x", 1, healthy(), price("1.00", "2.00")),
        candidate("y", 1, healthy(), price("0.10", "0.40")));

    assertEquals(List.of("y", "x"), ids(plan(table, CHAT, 1)));
    RoutePlan.Ask capped = new RoutePlan.Ask(OpenAiEndpoint.CHAT_COMPLETIONS, false, new BigDecimal("0.50"), NOW);
    assertEquals(List.of("y"), ids(plan(table, capped, 1)));
    RoutePlan.Ask tooLow = new RoutePlan.Ask(OpenAiEndpoint.CHAT_COMPLETIONS, false, new BigDecimal("0.49"), NOW);
    RoutePlan.Plan none =
        RoutePlan.plan("alias", Optional.of(MODEL), Optional.of(table), tooLow, PROVIDERS, new SplittableRandom(1));
    assertTrue(none.attempts().isEmpty());
    assertTrue(none.pricedOut());
  }

  @Test
  void shouldCallARegisteredProviderAsOpenAiCompatibleWithoutACredential() {
    RouteCandidate registered = new RouteCandidate("registry/gpu-7", "gpu-7", "llama3.1:8b", 4, 0, healthy(),
        price("0.05", "0.08"), "http://127.0.0.1:9/v1");
    RouteTable table = new RouteTable(1, "alias", RouteStrategy.WEIGHTED, List.of(registered), List.of(), NOW);

    RoutePlan.Attempt attempt = plan(table, CHAT, 1).get(0);

    OpenAiCompatibleSpec spec = assertInstanceOf(OpenAiCompatibleSpec.class, attempt.provider().spec());
    assertEquals("http://127.0.0.1:9/v1", spec.baseUrl());
    assertNull(spec.apiKeyEnv());
    assertEquals("gpu-7", attempt.provider().id());
    assertEquals("llama3.1:8b", attempt.deployment().upstreamModel());
    assertEquals(Optional.of(price("0.05", "0.08")), attempt.deployment().priceAt(NOW));
  }

  @Test
  void shouldTakeFallbacksFromTheTableElseFromTheConfig() {
    RouteTable table = new RouteTable(1, "alias", RouteStrategy.WEIGHTED, List.of(), List.of("table-fallback"), NOW);

    assertEquals(List.of("table-fallback"), RoutePlan.fallbacks(Optional.of(MODEL), Optional.of(table)));
    assertEquals(List.of("config-fallback"), RoutePlan.fallbacks(Optional.of(MODEL), Optional.empty()));
  }

  @Test
  void shouldIgnoreACandidateTheConfigNoLongerHas() {
    RouteTable table = table(RouteStrategy.WEIGHTED, candidate("gone", 1, healthy(), null),
        candidate("y", 1, healthy(), null));

    assertEquals(List.of("y"), ids(plan(table, CHAT, 1)));
    assertFalse(RoutePlan.plan("alias", Optional.of(MODEL), Optional.of(table), CHAT, PROVIDERS,
        new SplittableRandom(1)).pricedOut());
  }

  private static List<RoutePlan.Attempt> plan(RouteTable table, RoutePlan.Ask ask, long seed) {
    return RoutePlan.plan("alias", Optional.of(MODEL), Optional.of(table), ask, PROVIDERS, new SplittableRandom(seed))
        .attempts();
  }

  private static List<String> ids(List<RoutePlan.Attempt> attempts) {
    return attempts.stream().map(a -> a.deployment().id()).toList();
  }

  private static RouteTable table(RouteStrategy strategy, RouteCandidate... candidates) {
    return new RouteTable(1, "alias", strategy, List.of(candidates), List.of(), NOW);
  }

  private static RouteCandidate candidate(String id, int weight, DeploymentHealth health, Price price) {
    return new RouteCandidate(id, id.equals("x") ? "a" : "b", "m", weight, 0, health, price, null);
  }

  private static DeploymentHealth healthy() {
    return DeploymentHealth.UNKNOWN;
  }

  private static Price price(String input, String output) {
    return new Price(null, new BigDecimal(input), new BigDecimal(output), null, null);
  }

  private static Deployment deployment(String id, String provider) {
    return new Deployment(id, provider, "m", 1, 0, List.of(), Set.of(Capability.CHAT), null, null);
  }
}
