package dev.tollgate.metering.pricing;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.UsageEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the price of a usage event in the model catalog: the deployment that answered, under the model alias the
 * client asked for or, when the request failed over, under one of that alias's fallbacks (searched breadth-first,
 * in the order they are listed), and then the deployment's price in force at the event's {@code started_at}.
 */
public final class PriceLookup {

  /** Why an event got no price. */
  public enum Unpriced {
    /** No upstream was called (a rejected or cancelled request): there is no deployment to price. */
    NO_DEPLOYMENT,
    /** The alias, or the deployment under it and its fallbacks, is not in the catalog. */
    UNKNOWN_DEPLOYMENT,
    /** The deployment has no price in force at {@code started_at}. */
    NO_PRICE
  }

  /** The outcome: a price, or why there is none. Exactly one of the two is set. */
  public record Result(Price price, Unpriced unpriced) {}

  private final Function<String, ConfigEntity> catalog;

  /**
   * @param catalog reads one entity of {@code tollgate.config} by record key ({@code kind/id}); null when absent
   */
  public PriceLookup(Function<String, ConfigEntity> catalog) {
    this.catalog = catalog;
  }

  /**
   * The price for {@code event}.
   *
   * @param event a usage event
   * @return the price in force at its {@code started_at}, or the reason there is none
   */
  public Result priceOf(UsageEvent event) {
    if (event.deployment() == null) {
      return new Result(null, Unpriced.NO_DEPLOYMENT);
    }
    Optional<Deployment> deployment = findDeployment(event.modelAlias(), event.deployment());
    if (deployment.isEmpty()) {
      return new Result(null, Unpriced.UNKNOWN_DEPLOYMENT);
    }
    return deployment
        .get()
        .priceAt(event.startedAt())
        .map(price -> new Result(price, null))
        .orElse(new Result(null, Unpriced.NO_PRICE));
  }

  private Optional<Deployment> findDeployment(String alias, String deploymentId) {
    Deque<String> aliases = new ArrayDeque<>();
    Set<String> visited = new HashSet<>();
    aliases.add(alias);
    while (!aliases.isEmpty()) {
      String next = aliases.removeFirst();
      if (!visited.add(next)) {
        continue;
      }
      if (catalog.apply(ConfigEntity.topicKey(ConfigKind.MODEL, next)) instanceof ModelConfig model) {
        for (Deployment deployment : model.deployments()) {
          if (deployment.id().equals(deploymentId)) {
            return Optional.of(deployment);
          }
        }
        aliases.addAll(model.fallbacks());
      }
    }
    return Optional.empty();
  }
}
