package dev.tollgate.edge.route;

import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.ProviderConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The ordered deployments to try for one request: a pure function of the model's config, the endpoint and a
 * random source, so it is tested as data. The first is the pick; the rest are the failover order.
 */
public final class RoutePlan {
  private RoutePlan() {}

  /** One deployment to try, with its provider. */
  public record Attempt(Deployment deployment, ProviderConfig provider) {}

  /** The attempts for {@code model} on {@code endpoint}; empty when no deployment can serve it. */
  public static List<Attempt> plan(
      ModelConfig model, OpenAiEndpoint endpoint, ConfigSnapshot config, RandomGenerator random) {
    List<Attempt> able = new ArrayList<>();
    for (Deployment d : model.deployments()) {
      Optional<ProviderConfig> provider = config.provider(d.provider());
      if (provider.isPresent() && serves(d, endpoint)) {
        able.add(new Attempt(d, provider.get()));
      }
    }
    return switch (model.strategy()) {
      case PRIORITY -> byPriority(able, random);
      // latency and price need the routing service's health and the request's price cap; until the route table
      // carries them, these strategies share the weighted order
      case WEIGHTED, LOWEST_LATENCY, CHEAPEST -> weightedOrder(able, random);
    };
  }

  static boolean serves(Deployment d, OpenAiEndpoint endpoint) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> d.capabilities().contains(Capability.CHAT);
      case COMPLETIONS ->
          d.capabilities().contains(Capability.COMPLETIONS) || d.capabilities().contains(Capability.CHAT);
      case EMBEDDINGS -> d.capabilities().contains(Capability.EMBEDDINGS);
    };
  }

  /** Lowest priority number first; within a priority, weighted. */
  private static List<Attempt> byPriority(List<Attempt> able, RandomGenerator random) {
    List<Attempt> ordered = new ArrayList<>();
    able.stream().map(a -> a.deployment().priority()).distinct().sorted(Comparator.naturalOrder())
        .forEach(p -> ordered.addAll(weightedOrder(
            able.stream().filter(a -> a.deployment().priority() == p).toList(), random)));
    return ordered;
  }

  /** Weighted sampling without replacement; deployments of weight 0 only after every weighted one. */
  private static List<Attempt> weightedOrder(List<Attempt> able, RandomGenerator random) {
    List<Attempt> pool = new ArrayList<>(able.stream().filter(a -> a.deployment().weight() > 0).toList());
    List<Attempt> ordered = new ArrayList<>(able.size());
    while (!pool.isEmpty()) {
      long total = pool.stream().mapToLong(a -> a.deployment().weight()).sum();
      long ticket = random.nextLong(total);
      int i = 0;
      while (ticket >= pool.get(i).deployment().weight()) {
        ticket -= pool.get(i).deployment().weight();
        i++;
      }
      ordered.add(pool.remove(i));
    }
    able.stream().filter(a -> a.deployment().weight() == 0).forEach(ordered::add);
    return ordered;
  }
}
