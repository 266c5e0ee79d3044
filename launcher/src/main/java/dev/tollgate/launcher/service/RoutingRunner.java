package dev.tollgate.launcher.service;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.routing.RoutingService;
import dev.tollgate.routing.RoutingSettings;
import dev.tollgate.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Routing: the Kafka Streams app that keeps deployment health and publishes the route tables, with its HTTP API
 * (provider registry and match API). The registry is enabled only when {@value #ADMIN_TOKEN_ENV} is set.
 */
public final class RoutingRunner implements RunningService {
  /** The environment variable holding the registry's admin token; never a flag, so it stays out of {@code ps}. */
  public static final String ADMIN_TOKEN_ENV = "TOLLGATE_ROUTING_ADMIN_TOKEN";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final RoutingService routing;
  private final boolean registry;

  private RoutingRunner(RoutingService routing, boolean registry) {
    this.routing = routing;
    this.registry = registry;
  }

  /** Starts routing on the cluster at {@code bootstrapServers}; its state lives in {@code <data dir>/routing}. */
  public static RoutingRunner start(String bootstrapServers, Args args) {
    Path stateDir = Path.of(args.get(Option.DATA_DIR, "data"), "routing");
    String token = args.env(ADMIN_TOKEN_ENV).orElse(null);
    RoutingSettings settings = RoutingSettings.defaults()
        .withListener(args.get(Option.HOST, RoutingSettings.DEFAULT_HOST),
            args.port(Option.ROUTING_PORT, RoutingSettings.DEFAULT_PORT))
        .withAdminToken(token);
    RoutingService routing = RoutingService.start(bootstrapServers, settings, stateDir);
    try {
      routing.awaitRunning(START_TIMEOUT);
    } catch (RuntimeException e) {
      routing.close();
      throw e;
    }
    return new RoutingRunner(routing, token != null);
  }

  @Override
  public String describe() {
    return "routing publishing " + Topics.ROUTES.name() + "; match API on " + routing.url() + "/v1/route"
        + (registry ? ", provider registry on " + routing.url() + "/v1/providers"
            : " (provider registry off: " + ADMIN_TOKEN_ENV + " is not set)");
  }

  @Override
  public void close() {
    routing.close();
  }
}
