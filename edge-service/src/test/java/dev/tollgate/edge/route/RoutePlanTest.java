package dev.tollgate.edge.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RoutePlanTest {
  private static final ConfigSnapshot PROVIDERS = ConfigSnapshot.of(List.of(
      new ProviderConfig(1, "a", new OpenAiCompatibleSpec("http://127.0.0.1:1/v1", null, Map.of())),
      new ProviderConfig(1, "b", new OpenAiCompatibleSpec("http://127.0.0.1:2/v1", null, Map.of()))));

  @Test
  void shouldPickDeploymentsInProportionToTheirWeights() {
    ModelConfig model = model(RouteStrategy.WEIGHTED, deployment("heavy", "a", 3, 0), deployment("light", "b", 1, 0));
    SplittableRandom random = new SplittableRandom(7);

    Map<String, Integer> firstPicks = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      String first = plan(model, OpenAiEndpoint.CHAT_COMPLETIONS, PROVIDERS, random).get(0)
          .deployment().id();
      firstPicks.merge(first, 1, Integer::sum);
    }

    assertTrue(firstPicks.get("heavy") > 2800 && firstPicks.get("heavy") < 3200, firstPicks.toString());
  }

  @Test
  void shouldKeepEveryOtherDeploymentAsAFallback() {
    ModelConfig model = model(RouteStrategy.WEIGHTED, deployment("x", "a", 1, 0), deployment("y", "b", 1, 0),
        deployment("spare", "a", 0, 0));

    List<RoutePlan.Attempt> plan =
        plan(model, OpenAiEndpoint.CHAT_COMPLETIONS, PROVIDERS, new SplittableRandom(1));

    assertEquals(3, plan.size());
    assertEquals("spare", plan.get(2).deployment().id());
  }

  @Test
  void shouldTryLowerPriorityNumbersFirst() {
    ModelConfig model = model(RouteStrategy.PRIORITY, deployment("backup", "b", 100, 1),
        deployment("primary", "a", 1, 0));

    List<RoutePlan.Attempt> plan =
        plan(model, OpenAiEndpoint.CHAT_COMPLETIONS, PROVIDERS, new SplittableRandom(1));

    assertEquals(List.of("primary", "backup"), plan.stream().map(a -> a.deployment().id()).toList());
  }

  @Test
  void shouldLeaveOutDeploymentsThatCannotServeTheEndpointOrHaveNoProvider() {
    Deployment embeddings = new Deployment("embed", "a", "m", 1, 0, List.of(), Set.of(Capability.EMBEDDINGS),
        null, null);
    ModelConfig model = model(RouteStrategy.WEIGHTED, embeddings, deployment("orphan", "gone", 1, 0));

    assertTrue(plan(model, OpenAiEndpoint.CHAT_COMPLETIONS, PROVIDERS, new SplittableRandom(1)).isEmpty());
    assertEquals(1, plan(model, OpenAiEndpoint.EMBEDDINGS, PROVIDERS, new SplittableRandom(1)).size());
  }

  /** The plan from the config alone: no route table, no price cap. */
  private static List<RoutePlan.Attempt> plan(ModelConfig model, OpenAiEndpoint endpoint, ConfigSnapshot config,
      RandomGenerator random) {
    return RoutePlan.plan(model.id(), Optional.of(model), Optional.empty(),
        new RoutePlan.Ask(endpoint, false, null, Instant.now()), config, random).attempts();
  }

  private static ModelConfig model(RouteStrategy strategy, Deployment... deployments) {
    return new ModelConfig(1, "alias", strategy, List.of(deployments), List.of());
  }

  private static Deployment deployment(String id, String provider, int weight, int priority) {
    return new Deployment(id, provider, "m", weight, priority, List.of(), Set.of(Capability.CHAT), null, null);
  }
}
