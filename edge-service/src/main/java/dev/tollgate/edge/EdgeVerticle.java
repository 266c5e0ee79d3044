package dev.tollgate.edge;

import dev.tollgate.edge.http.EdgeRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** The edge's HTTP front door; one instance per event loop. */
public final class EdgeVerticle extends VerticleBase {
  private final EdgeSettings settings;
  private final EdgeState state;
  private HttpServer server;

  public EdgeVerticle(EdgeSettings settings, EdgeState state) {
    this.settings = settings;
    this.state = state;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(settings.host()).setPort(settings.port()).setCompressionSupported(false));
    return server.requestHandler(EdgeRouter.create(vertx, settings, state)).listen();
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
