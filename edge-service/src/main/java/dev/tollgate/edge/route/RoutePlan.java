package dev.tollgate.edge.route;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The ordered deployments to try for one request: a pure function of the alias's route table (or, until the routing
 * service published one, its config), the request, the time and a random source, so it is tested as data. The
 * first is the pick; the rest are the failover order.
 *
 * <ol>
 *   <li>Deployments that cannot serve the endpoint, whose price does not fit the request's {@link MaxPrice}, or
 *       whose circuit is cooling down ({@link DeploymentHealth#availableAt}) are left out.
 *   <li>Deployments whose circuit is half-open, or open with its cool-down over, are <em>recovering</em>: they lead
 *       the plan only as a trickle, when a draw over every weight lands on their (small) weight; otherwise they come
 *       after the healthy ones.
 *   <li>The healthy ones are ordered by the strategy: {@code weighted} by weighted sampling, {@code priority} by
 *       lowest priority number (weighted within it), {@code lowest_latency} by repeated power of two choices over
 *       the EWMA latency (EWMA time to first token for streams; 0, no sample yet, counts as fastest), and
 *       {@code cheapest} by combined price (deployments without a price last).
 * </ol>
 */
public final class RoutePlan {
  private RoutePlan() {}

  /** Capabilities assumed of a self-registered provider: route tables carry none yet. */
  private static final EnumSet<Capability> REGISTERED_CAPABILITIES =
      EnumSet.of(Capability.CHAT, Capability.COMPLETIONS, Capability.EMBEDDINGS);

  /**
   * One deployment to try, with its provider.
   *
   * @param alias the model alias whose deployment this is: the one the client asked for, or a fallback
   */
  public record Attempt(Deployment deployment, ProviderConfig provider, String alias) {}

  /** What routing needs to know of the request. */
  public record Ask(OpenAiEndpoint endpoint, boolean stream, BigDecimal maxPrice, Instant now) {}

  /**
   * The plan of one alias.
   *
   * @param attempts the deployments in order; empty when none can serve now
   * @param pricedOut true when deployments exist but none fits the price cap
   */
  public record Plan(List<Attempt> attempts, boolean pricedOut) {}

  /** A deployment the plan may use, with what routing knows of it. */
  private record Option(Attempt attempt, int weight, int priority, DeploymentHealth health, Price price) {
    boolean recovering() {
      return health.state() != CircuitState.CLOSED;
    }
  }

  /**
   * The plan of {@code alias}.
   *
   * @param model the alias's config, if any
   * @param table the alias's route table, if the routing service published one; preferred over the config
   */
  public static Plan plan(String alias, Optional<ModelConfig> model, Optional<RouteTable> table, Ask ask,
      ConfigSnapshot config, RandomGenerator random) {
    List<Option> known = table.isPresent()
        ? fromTable(alias, model, table.get(), config)
        : model.map(m -> fromConfig(alias, m, config, ask.now())).orElse(List.of());
    // loops, not streams: this runs on every request
    boolean anyServing = false;
    boolean anyPriced = false;
    List<Option> able = new ArrayList<>(known.size());
    for (Option o : known) {
      if (!serves(o.attempt().deployment(), ask.endpoint())) {
        continue;
      }
      anyServing = true;
      if (!MaxPrice.fits(o.price(), ask.maxPrice())) {
        continue;
      }
      anyPriced = true;
      if (o.health().availableAt(ask.now())) {
        able.add(o);
      }
    }
    RouteStrategy strategy = table.isPresent() ? table.get().strategy()
        : model.isPresent() ? model.get().strategy() : RouteStrategy.WEIGHTED;
    return new Plan(order(able, strategy, ask.stream(), random), anyServing && !anyPriced);
  }

  /**
   * The aliases to fall back to when every deployment of {@code alias} failed: the route table's, else the
   * config's.
   */
  public static List<String> fallbacks(Optional<ModelConfig> model, Optional<RouteTable> table) {
    return table.map(RouteTable::fallbacks).orElseGet(() -> model.map(ModelConfig::fallbacks).orElse(List.of()));
  }

  static boolean serves(Deployment d, OpenAiEndpoint endpoint) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> d.capabilities().contains(Capability.CHAT);
      case COMPLETIONS ->
          d.capabilities().contains(Capability.COMPLETIONS) || d.capabilities().contains(Capability.CHAT);
      case EMBEDDINGS -> d.capabilities().contains(Capability.EMBEDDINGS);
    };
  }

  private static List<Option> fromConfig(String alias, ModelConfig model, ConfigSnapshot config, Instant now) {
    List<Option> options = new ArrayList<>();
    for (Deployment d : model.deployments()) {
      config.provider(d.provider()).ifPresent(p -> options.add(new Option(new Attempt(d, p, alias), d.weight(),
          d.priority(), DeploymentHealth.UNKNOWN, d.priceAt(now).orElse(null))));
    }
    return options;
  }

  /**
   * The table's candidates: a configured one keeps its config (capabilities, prices, provider settings) with the
   * table's weight and health; a registered one is an OpenAI-compatible provider at its base URL, called without
   * a credential.
   */
  private static List<Option> fromTable(String alias, Optional<ModelConfig> model, RouteTable table,
      ConfigSnapshot config) {
    List<Option> options = new ArrayList<>();
    for (RouteCandidate c : table.candidates()) {
      if (c.baseUrl() != null) {
        Deployment d = new Deployment(c.deployment(), c.provider(), c.upstreamModel(), c.weight(), c.priority(),
            c.price() == null ? List.of() : List.of(c.price()), REGISTERED_CAPABILITIES, null, null);
        ProviderConfig provider = new ProviderConfig(ProviderConfig.CURRENT_SCHEMA_VERSION, c.provider(),
            new OpenAiCompatibleSpec(c.baseUrl(), null, Map.of()));
        options.add(new Option(new Attempt(d, provider, alias), c.weight(), c.priority(), c.health(), c.price()));
        continue;
      }
      Optional<Deployment> configured = model.flatMap(m -> m.deployments().stream()
          .filter(d -> d.id().equals(c.deployment())).findFirst());
      Optional<ProviderConfig> provider = configured.flatMap(d -> config.provider(d.provider()));
      if (configured.isPresent() && provider.isPresent()) {
        options.add(new Option(new Attempt(configured.get(), provider.get(), alias), c.weight(), c.priority(),
            c.health(), c.price()));
      }
    }
    return options;
  }

  private static List<Attempt> order(List<Option> able, RouteStrategy strategy, boolean stream,
      RandomGenerator random) {
    List<Option> healthy = new ArrayList<>(able.size());
    List<Option> recovering = new ArrayList<>(0);
    for (Option o : able) {
      (o.recovering() ? recovering : healthy).add(o);
    }
    List<Option> ordered = new ArrayList<>(able.size());
    if (healthy.isEmpty()) {
      ordered.addAll(byStrategy(recovering, strategy, stream, random));
    } else {
      Option probe = trickle(healthy, recovering, random);
      if (probe != null) {
        ordered.add(probe);
        recovering.remove(probe);
      }
      ordered.addAll(byStrategy(healthy, strategy, stream, random));
      ordered.addAll(weightedOrder(recovering, random));
    }
    Attempt[] attempts = new Attempt[ordered.size()];
    for (int i = 0; i < attempts.length; i++) {
      attempts[i] = ordered.get(i).attempt();
    }
    return List.of(attempts);
  }

  /** The recovering option this request probes, when a draw over every weight lands on one; else null. */
  private static Option trickle(List<Option> healthy, List<Option> recovering, RandomGenerator random) {
    long recoveringWeight = 0;
    for (Option o : recovering) {
      recoveringWeight += o.weight();
    }
    if (recoveringWeight == 0) {
      return null;
    }
    long total = recoveringWeight;
    for (Option o : healthy) {
      total += o.weight();
    }
    long ticket = random.nextLong(total);
    for (Option o : recovering) {
      if (ticket < o.weight()) {
        return o;
      }
      ticket -= o.weight();
    }
    return null;
  }

  private static List<Option> byStrategy(List<Option> options, RouteStrategy strategy, boolean stream,
      RandomGenerator random) {
    return switch (strategy) {
      case WEIGHTED -> weightedOrder(options, random);
      case PRIORITY -> byPriority(options, random);
      case LOWEST_LATENCY -> twoChoices(options, stream, random);
      case CHEAPEST -> cheapestFirst(options, random);
    };
  }

  /** Lowest priority number first; within a priority, weighted. */
  private static List<Option> byPriority(List<Option> options, RandomGenerator random) {
    List<Option> ordered = new ArrayList<>();
    options.stream().map(Option::priority).distinct().sorted(Comparator.naturalOrder())
        .forEach(p -> ordered.addAll(weightedOrder(
            options.stream().filter(o -> o.priority() == p).toList(), random)));
    return ordered;
  }

  /** Repeatedly the faster of two distinct options picked at random. */
  private static List<Option> twoChoices(List<Option> options, boolean stream, RandomGenerator random) {
    List<Option> pool = new ArrayList<>(options);
    List<Option> ordered = new ArrayList<>(options.size());
    while (pool.size() > 1) {
      int i = random.nextInt(pool.size());
      int j = random.nextInt(pool.size() - 1);
      if (j >= i) {
        j++;
      }
      Option a = pool.get(i);
      Option b = pool.get(j);
      ordered.add(pool.remove(latency(b, stream) < latency(a, stream) ? j : i));
    }
    ordered.addAll(pool);
    return ordered;
  }

  private static long latency(Option o, boolean stream) {
    return stream ? o.health().ewmaTtftMs() : o.health().ewmaLatencyMs();
  }

  /** By combined price, lowest first, deployments without a price last; equal prices in weighted order. */
  private static List<Option> cheapestFirst(List<Option> options, RandomGenerator random) {
    List<Option> ordered = new ArrayList<>(weightedOrder(options, random));
    ordered.sort(Comparator.comparing((Option o) -> o.price() == null ? 1 : 0)
        .thenComparing(o -> o.price() == null ? BigDecimal.ZERO : MaxPrice.combined(o.price())));
    return ordered;
  }

  /** Weighted sampling without replacement; options of weight 0 only after every weighted one. */
  private static List<Option> weightedOrder(List<Option> options, RandomGenerator random) {
    List<Option> pool = new ArrayList<>(options.size());
    for (Option o : options) {
      if (o.weight() > 0) {
        pool.add(o);
      }
    }
    List<Option> ordered = new ArrayList<>(options.size());
    while (!pool.isEmpty()) {
      long total = 0;
      for (Option o : pool) {
        total += o.weight();
      }
      long ticket = random.nextLong(total);
      int i = 0;
      while (ticket >= pool.get(i).weight()) {
        ticket -= pool.get(i).weight();
        i++;
      }
      ordered.add(pool.remove(i));
    }
    for (Option o : options) {
      if (o.weight() == 0) {
        ordered.add(o);
      }
    }
    return ordered;
  }
}
