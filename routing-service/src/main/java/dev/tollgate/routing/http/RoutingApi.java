package dev.tollgate.routing.http;

import dev.tollgate.routing.match.MatchHandler;
import dev.tollgate.routing.registry.RegistryHandlers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routing service's HTTP API: the provider registry, the match API and the probes. */
public final class RoutingApi {
  /** The largest request body accepted. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(RoutingApi.class);

  private RoutingApi() {}

  /**
   * Builds the router.
   *
   * @param ready whether the local copies of the topics are loaded
   */
  public static Router create(Vertx vertx, RegistryHandlers registry, MatchHandler match, BooleanSupplier ready) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> {
      boolean isReady = ready.getAsBoolean();
      ctx.response().setStatusCode(isReady ? 200 : 503);
      ctx.json(new JsonObject().put("status", isReady ? "ready" : "loading"));
    });
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.post("/v1/providers").handler(registry::register);
    router.post("/v1/providers/:id/heartbeat").handler(registry::heartbeat);
    router.delete("/v1/providers/:id").handler(registry::delete);
    router.post("/v1/route").handler(match::handle);
    router.route().last().handler(ctx -> ctx.fail(new ApiException(
        new ApiError.UnknownRoute(ctx.request().method().name(), ctx.request().path()))));
    router.route().failureHandler(RoutingApi::renderFailure);
    return router;
  }

  private static void renderFailure(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (ctx.failure() instanceof ApiException e) {
      OpenAiErrors.send(ctx.response(), e.error());
      return;
    }
    if (ctx.failure() == null && ctx.statusCode() == 413) {
      OpenAiErrors.send(ctx.response(), new ApiError.PayloadTooLarge(MAX_BODY_BYTES));
      return;
    }
    if (ctx.failure() == null && (ctx.statusCode() == 404 || ctx.statusCode() == 405)) {
      OpenAiErrors.send(ctx.response(),
          new ApiError.UnknownRoute(ctx.request().method().name(), ctx.request().path()));
      return;
    }
    LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    OpenAiErrors.send(ctx.response(), new ApiError.Internal());
  }
}
