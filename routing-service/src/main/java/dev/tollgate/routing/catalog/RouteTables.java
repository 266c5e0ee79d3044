package dev.tollgate.routing.catalog;

import dev.tollgate.routing.health.HealthUpdate;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds one alias's route table, a pure function of the catalog, the registrations and the health:
 *
 * <ul>
 *   <li>candidates are the model's configured deployments whose provider is in the config, then every registered
 *       provider that serves the alias (deployment id {@code registry/<id>}, weight = its capacity, priority
 *       {@value #REGISTERED_PRIORITY}, its base URL);
 *   <li>an open circuit gets weight 0 and a half-open one at most {@value #HALF_OPEN_WEIGHT}: the trickle of
 *       probes that lets it recover;
 *   <li>they are ordered closed, half-open, open; then by priority, weight (highest first) and deployment id;
 *   <li>an alias served only by registrations gets the {@link RouteStrategy#WEIGHTED} strategy and no fallbacks.
 * </ul>
 */
public final class RouteTables {

  /** The largest weight of a half-open candidate. */
  public static final int HALF_OPEN_WEIGHT = 1;

  /** The priority of a registered provider: the default priority of a configured deployment. */
  public static final int REGISTERED_PRIORITY = 0;

  /** The prefix of a registered provider's deployment id. */
  public static final String REGISTERED_PREFIX = "registry/";

  private static final Comparator<RouteCandidate> PREFERENCE =
      Comparator.<RouteCandidate>comparingInt(c -> c.health().state().ordinal())
          .thenComparingInt(RouteCandidate::priority)
          .thenComparing(Comparator.comparingInt(RouteCandidate::weight).reversed())
          .thenComparing(RouteCandidate::deployment);

  private RouteTables() {}

  /**
   * The route table of {@code alias}.
   *
   * @param alias the public model alias
   * @param model its configuration, or null when it is not configured
   * @param providers the configured providers by id (null when absent)
   * @param registrations every live registration
   * @param health a deployment's health by {@link HealthUpdate#keyOf health key} (null when unknown)
   * @param now the time of the computation, for prices in force
   * @return the table, or empty when nothing serves the alias any more
   */
  public static Optional<RouteTable> build(
      String alias,
      ModelConfig model,
      Function<String, ProviderConfig> providers,
      Collection<ProviderRegistration> registrations,
      Function<String, DeploymentHealth> health,
      Instant now) {
    List<RouteCandidate> candidates = new ArrayList<>();
    if (model != null) {
      for (Deployment d : model.deployments()) {
        if (providers.apply(d.provider()) != null) {
          candidates.add(candidate(d.id(), d.provider(), d.upstreamModel(), d.weight(), d.priority(),
              d.priceAt(now).orElse(null), null, health));
        }
      }
    }
    for (ProviderRegistration r : registrations) {
      String upstream = r.models().get(alias);
      if (upstream != null) {
        Price price = new Price(null, r.inputPerMtokUsd(), r.outputPerMtokUsd(), null, null);
        candidates.add(candidate(REGISTERED_PREFIX + r.id(), r.id(), upstream, r.capacity(), REGISTERED_PRIORITY,
            price, r.baseUrl(), health));
      }
    }
    if (model == null && candidates.isEmpty()) {
      return Optional.empty();
    }
    candidates.sort(PREFERENCE);
    RouteStrategy strategy = model == null ? RouteStrategy.WEIGHTED : model.strategy();
    List<String> fallbacks = model == null ? List.of() : model.fallbacks();
    return Optional.of(
        new RouteTable(RouteTable.CURRENT_SCHEMA_VERSION, alias, strategy, candidates, fallbacks, now));
  }

  /**
   * Whether two tables route the same way, whenever they were computed.
   *
   * @return true when strategy, candidates and fallbacks are equal
   */
  public static boolean sameRoutes(RouteTable a, RouteTable b) {
    return a.strategy() == b.strategy() && a.candidates().equals(b.candidates()) && a.fallbacks().equals(b.fallbacks());
  }

  private static RouteCandidate candidate(String deployment, String provider, String upstream, int weight,
      int priority, Price price, String baseUrl, Function<String, DeploymentHealth> healthByKey) {
    DeploymentHealth known = healthByKey.apply(HealthUpdate.keyOf(provider, upstream));
    DeploymentHealth health = known == null ? DeploymentHealth.UNKNOWN : known;
    int effective = health.state() == CircuitState.OPEN ? 0
        : health.state() == CircuitState.HALF_OPEN ? Math.min(weight, HALF_OPEN_WEIGHT) : weight;
    return new RouteCandidate(deployment, provider, upstream, effective, priority, health, price, baseUrl);
  }
}
