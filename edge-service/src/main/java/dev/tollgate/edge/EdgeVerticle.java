package dev.tollgate.edge;

import dev.tollgate.adapters.Secrets;
import dev.tollgate.edge.http.EdgeRouter;
import dev.tollgate.edge.proxy.FailoverSettings;
import dev.tollgate.edge.proxy.Upstream;
import dev.tollgate.edge.route.Upstreams;
import dev.tollgate.schemas.usage.UsageEvent;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.util.function.Consumer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The edge's HTTP front door; one instance per event loop. Instances listening on the same host and port share
 * the socket (Vert.x hands connections to them in turn) and share everything in {@link Governance}, the
 * {@link EdgeState} and the usage sink; each has its own HTTP client for the providers.
 */
public final class EdgeVerticle extends VerticleBase {
  /** Provider connections per instance (so per event loop); past it, requests wait for a free connection. */
  private static final int UPSTREAM_POOL_SIZE = 512;

  private final EdgeSettings settings;
  private final EdgeState state;
  private final Consumer<UsageEvent> usage;
  private final Governance governance;
  private final FailoverSettings failover;
  /** Given by the caller when instances share their simulators; null: this instance starts and stops its own. */
  private final Upstreams sharedUpstreams;
  private HttpServer server;
  private Upstreams upstreams;

  public EdgeVerticle(EdgeSettings settings, EdgeState state, Consumer<UsageEvent> usage, Governance governance) {
    this(settings, state, usage, governance, FailoverSettings.defaults());
  }

  public EdgeVerticle(EdgeSettings settings, EdgeState state, Consumer<UsageEvent> usage, Governance governance,
      FailoverSettings failover) {
    this(settings, state, usage, governance, failover, null);
  }

  /**
   * One of several instances of one edge, reaching providers through {@code upstreams}, which the caller shares between the instances (so that a simulator provider runs
   * once per edge, not once per event loop) and closes itself.
   */
  public EdgeVerticle(EdgeSettings settings, EdgeState state, Consumer<UsageEvent> usage, Governance governance,
      FailoverSettings failover, Upstreams upstreams) {
    this.sharedUpstreams = upstreams;
    this.failover = failover;
    this.settings = settings;
    this.state = state;
    this.usage = usage;
    this.governance = governance;
  }

  @Override
  public Future<?> start() {
    upstreams = sharedUpstreams != null ? sharedUpstreams : new Upstreams(vertx);
    HttpClient client = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(UPSTREAM_POOL_SIZE));
    Upstream upstream = new Upstream(client, upstreams, Secrets.fromEnvironment(), usage, settings.edgeId(),
        failover, Clock.systemUTC());
    // the edge serves no WebSocket: without compression to offer, Vert.x leaves the extension handler, which
    // inspects every request and response, out of the pipeline
    server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
        .setCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false));
    return server.requestHandler(EdgeRouter.create(vertx, settings, state, upstream, governance)).listen();
  }

  @Override
  public Future<?> stop() {
    return sharedUpstreams != null ? Future.succeededFuture() : upstreams.close();
  }

  /** Where the providers of this edge are reached, simulators included. */
  public Upstreams upstreams() {
    return upstreams;
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
