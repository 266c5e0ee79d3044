package dev.tollgate.routing;

import dev.tollgate.routing.http.LatestByKey;
import dev.tollgate.routing.http.RoutingApi;
import dev.tollgate.routing.match.MatchHandler;
import dev.tollgate.routing.registry.AdminToken;
import dev.tollgate.routing.registry.RegistrationWriter;
import dev.tollgate.routing.registry.RegistryHandlers;
import dev.tollgate.schemas.config.ConfigView;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The running routing service: the Streams application that keeps health and publishes route tables, and the HTTP
 * API (provider registry, match API) that reads this instance's copies of {@code tollgate.routes},
 * {@code tollgate.provider.registrations} and {@code tollgate.config}. Every instance serves the whole API.
 */
public final class RoutingService implements AutoCloseable {
  private static final Duration HTTP_START_TIMEOUT = Duration.ofSeconds(30);

  private final RoutingStreams streams;
  private final LatestByKey<RouteTable> routes;
  private final LatestByKey<ProviderRegistration> registrations;
  private final ConfigView config;
  private final RegistrationWriter writer;
  private final Vertx vertx;
  private final String host;
  private volatile int port;

  private RoutingService(RoutingStreams streams, LatestByKey<RouteTable> routes,
      LatestByKey<ProviderRegistration> registrations, ConfigView config, RegistrationWriter writer, Vertx vertx,
      String host) {
    this.streams = streams;
    this.routes = routes;
    this.registrations = registrations;
    this.config = config;
    this.writer = writer;
    this.vertx = vertx;
    this.host = host;
  }

  /**
   * Starts the Streams application, the local copies of the topics and the HTTP API; returns once the API listens
   * (see {@link #awaitRunning} for the Streams side).
   *
   * @param bootstrapServers the cluster
   * @param settings the settings, with the admin token (or none, which disables the registry)
   * @param stateDir where the Streams state lives, e.g. {@code <data dir>/routing}
   */
  public static RoutingService start(String bootstrapServers, RoutingSettings settings, Path stateDir) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    RoutingStreams streams = RoutingStreams.start(bootstrapServers, settings, stateDir);
    LatestByKey<RouteTable> routes = LatestByKey.start(bootstrapServers, Topics.ROUTES);
    LatestByKey<ProviderRegistration> registrations =
        LatestByKey.start(bootstrapServers, Topics.PROVIDER_REGISTRATIONS);
    ConfigView config = ConfigView.start(bootstrapServers);
    RegistrationWriter writer = RegistrationWriter.start(bootstrapServers);
    Vertx vertx = Vertx.vertx();
    RoutingService service =
        new RoutingService(streams, routes, registrations, config, writer, vertx, settings.host());
    try {
      Api api = new Api(settings, service);
      vertx.deployVerticle(api).toCompletionStage().toCompletableFuture()
          .get(HTTP_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      service.port = api.server.actualPort();
      return service;
    } catch (Exception e) {
      service.close();
      throw new IllegalStateException(
          "the routing API could not listen on " + settings.host() + ":" + settings.port() + " (" + e + ")", e);
    }
  }

  /**
   * Waits until the Streams client runs.
   *
   * @throws IllegalStateException if it stopped or failed first, or is not running within {@code timeout}
   */
  public void awaitRunning(Duration timeout) {
    streams.awaitRunning(timeout);
  }

  /** @return whether the local copies of the config, the routes and the registrations are loaded */
  public boolean isLoaded() {
    return config.isLoaded() && routes.isLoaded() && registrations.isLoaded();
  }

  /** @return the base URL of the HTTP API, such as {@code http://127.0.0.1:8082} */
  public String url() {
    return "http://" + host + ":" + port;
  }

  /** Stops the API, then the Streams application (committing what is in progress), then the readers. */
  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    streams.close();
    writer.close();
    routes.close();
    registrations.close();
    config.close();
  }

  /** The HTTP API on one event loop. */
  private static final class Api extends VerticleBase {
    private final RoutingSettings settings;
    private final RoutingService service;
    private HttpServer server;

    Api(RoutingSettings settings, RoutingService service) {
      this.settings = settings;
      this.service = service;
    }

    @Override
    public Future<?> start() {
      Clock clock = Clock.systemUTC();
      RegistryHandlers registry = new RegistryHandlers(vertx, AdminToken.of(settings.adminToken()),
          service.registrations, service.writer, clock);
      MatchHandler match =
          new MatchHandler(service.routes, service.config::current, clock, RandomGenerator.getDefault());
      server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()));
      return server.requestHandler(RoutingApi.create(vertx, registry, match, service::isLoaded)).listen();
    }
  }
}
