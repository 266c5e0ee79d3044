package dev.tollgate.edge.models;

import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.auth.KeyAuthenticator;
import dev.tollgate.edge.auth.Principal;
import dev.tollgate.edge.http.GatewayError;
import dev.tollgate.edge.http.GatewayException;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: only the aliases the caller's key may use. */
public final class ModelsEndpoint {
  private static final String PREFIX = "/v1/models/";

  private final EdgeState state;

  public ModelsEndpoint(EdgeState state) {
    this.state = state;
  }

  /** Lists the models visible to {@code principal}. */
  public void list(RoutingContext ctx, Principal principal) {
    KeyAuthenticator.requireScope(principal, Scope.MODELS);
    JsonArray data = new JsonArray();
    state.config().models().stream()
        .filter(m -> principal.key().allowsModel(m.id()))
        .sorted(Comparator.comparing(ModelConfig::id))
        .forEach(m -> data.add(describe(m)));
    ctx.json(new JsonObject().put("object", "list").put("data", data));
  }

  /** Describes one model, or 404 {@code model_not_found} when it is unknown or not visible to the caller. */
  public void retrieve(RoutingContext ctx, Principal principal) {
    KeyAuthenticator.requireScope(principal, Scope.MODELS);
    String id = ctx.request().path().substring(PREFIX.length());
    ModelConfig model = state.config().model(id)
        .filter(m -> principal.key().allowsModel(m.id()))
        .orElseThrow(() -> new GatewayException(new GatewayError.ModelNotFound(id)));
    ctx.json(describe(model));
  }

  private static JsonObject describe(ModelConfig model) {
    return new JsonObject().put("id", model.id()).put("object", "model").put("created", 0).put("owned_by", "tollgate");
  }
}
