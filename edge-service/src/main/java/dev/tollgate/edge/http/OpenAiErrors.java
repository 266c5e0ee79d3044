package dev.tollgate.edge.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Renders a {@link GatewayError} as OpenAI does: the status the official SDKs map to the right exception, and
 * {@code {"error":{"message","type","param","code"}}}. No handler builds an error body by hand.
 */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /** Ends {@code response} with {@code error}. */
  public static void send(HttpServerResponse response, GatewayError error) {
    Rendered r = render(error);
    JsonObject body =
        new JsonObject()
            .put(
                "error",
                new JsonObject()
                    .put("message", r.message())
                    .put("type", r.type())
                    .put("param", r.param())
                    .put("code", r.code()));
    response.setStatusCode(r.status()).putHeader("content-type", "application/json").end(body.encode());
  }

  static Rendered render(GatewayError error) {
    if (error instanceof GatewayError.InvalidRequest e) {
      return new Rendered(400, e.message(), "invalid_request_error", e.param(), null);
    }
    if (error instanceof GatewayError.Unauthenticated e) {
      return new Rendered(401, e.message(), "invalid_request_error", null, "invalid_api_key");
    }
    if (error instanceof GatewayError.PermissionDenied e) {
      return new Rendered(403, e.message(), "permission_error", null, "permission_denied");
    }
    if (error instanceof GatewayError.ModelNotFound e) {
      return new Rendered(
          404,
          "The model '" + e.model() + "' does not exist or you do not have access to it.",
          "invalid_request_error",
          "model",
          "model_not_found");
    }
    GatewayError.UnknownRoute e = (GatewayError.UnknownRoute) error;
    return new Rendered(
        404, "Unrecognized request URL (" + e.method() + " " + e.path() + ").", "invalid_request_error", null, null);
  }

  record Rendered(int status, String message, String type, String param, String code) {}
}
