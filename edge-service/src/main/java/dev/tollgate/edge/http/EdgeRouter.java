package dev.tollgate.edge.http;

import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.metrics.Metrics;
import dev.tollgate.edge.auth.KeyAuthenticator;
import dev.tollgate.edge.auth.Principal;
import dev.tollgate.edge.models.ModelsEndpoint;
import io.vertx.core.Vertx;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.edge.proxy.ProxyEndpoint;
import dev.tollgate.edge.proxy.Upstream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The edge's routes. Every response carries {@code x-request-id}; every failure is rendered by OpenAiErrors. */
public final class EdgeRouter {
  /** The routing-context key under which the request id is kept. */
  public static final String REQUEST_ID = "tollgate.request-id";

  private static final String BODY_LIMIT = "tollgate.body-limit";
  private static final Logger LOG = LoggerFactory.getLogger(EdgeRouter.class);

  private EdgeRouter() {}

  /** Builds the router for one edge. */
  public static Router create(
      Vertx vertx, EdgeSettings settings, EdgeState state, Upstream upstream, Governance governance) {
    Router router = Router.router(vertx);
    KeyAuthenticator auth = new KeyAuthenticator(state);
    ModelsEndpoint models = new ModelsEndpoint(state);
    ProxyEndpoint proxy = new ProxyEndpoint(state, auth, upstream, governance);

    router.route().handler(ctx -> {
      ctx.put(BODY_LIMIT, settings.maxBodyBytes());
      assignRequestId(ctx);
    });
    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> readiness(ctx, state));
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", Metrics.CONTENT_TYPE)
        .end(governance.metrics().render()));
    router.get("/v1/models").handler(ctx -> models.list(ctx, budgetHeaders(ctx, state, governance,
        auth.authenticate(ctx.request()))));
    router.get("/v1/models/*").handler(ctx -> models.retrieve(ctx, budgetHeaders(ctx, state, governance,
        auth.authenticate(ctx.request()))));
    router.post("/v1/*").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    for (OpenAiEndpoint endpoint : OpenAiEndpoint.values()) {
      router.post("/v1" + endpoint.path()).handler(ctx -> proxy.handle(ctx, endpoint));
    }
    router.route().last().handler(ctx -> ctx.fail(new GatewayException(
        new GatewayError.UnknownRoute(ctx.request().method().name(), ctx.request().path()))));
    router.route().failureHandler(EdgeRouter::renderFailure);
    return router;
  }

  private static int maxBodyBytes(RoutingContext ctx) {
    return ctx.<Integer>get(BODY_LIMIT);
  }

  private static void assignRequestId(RoutingContext ctx) {
    String id = RequestIds.accept(ctx.request().getHeader("x-request-id"));
    ctx.put(REQUEST_ID, id);
    ctx.response().putHeader("x-request-id", id);
    ctx.next();
  }

  /** Every answer after authentication shows the key's tightest budget; no model is asked for here. */
  private static Principal budgetHeaders(RoutingContext ctx, EdgeState state, Governance governance,
      Principal principal) {
    governance.budgets().headers(state.config(), principal.tenant().id(), principal.key().id(), null)
        .forEach(ctx.response()::putHeader);
    return principal;
  }

  private static void readiness(RoutingContext ctx, EdgeState state) {
    boolean ready = state.loaded();
    ctx.response().setStatusCode(ready ? 200 : 503);
    ctx.json(new JsonObject().put("status", ready ? "ready" : "loading"));
  }

  private static void renderFailure(RoutingContext ctx) {
    if (ctx.failure() instanceof GatewayException e) {
      OpenAiErrors.send(ctx.response(), e.error());
      return;
    }
    if (ctx.failure() == null && ctx.statusCode() == 413) {
      OpenAiErrors.send(ctx.response(), new GatewayError.PayloadTooLarge(maxBodyBytes(ctx)));
      return;
    }
    if (ctx.failure() == null && ctx.statusCode() == 404) {
      OpenAiErrors.send(ctx.response(),
          new GatewayError.UnknownRoute(ctx.request().method().name(), ctx.request().path()));
      return;
    }
    LOG.error("Unhandled failure on {} {} (request {})", ctx.request().method(), ctx.request().path(),
        ctx.<String>get(REQUEST_ID), ctx.failure());
    ctx.response().setStatusCode(500).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("message", "The server had an error processing"
            + " your request.").put("type", "server_error").putNull("param").putNull("code")).encode());
  }
}
