package dev.tollgate.routing.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Renders an {@link ApiError} as OpenAI does: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /** Ends {@code response} with {@code error}. */
  public static void send(HttpServerResponse response, ApiError error) {
    Rendered r = render(error);
    JsonObject body = new JsonObject().put("error", new JsonObject()
        .put("message", r.message()).put("type", r.type()).put("param", r.param()).put("code", r.code()));
    if (r.status() == 401) {
      response.putHeader("www-authenticate", "Bearer");
    }
    response.setStatusCode(r.status()).putHeader("content-type", "application/json").end(body.encode());
  }

  static Rendered render(ApiError error) {
    if (error instanceof ApiError.InvalidRequest e) {
      return new Rendered(400, e.message(), "invalid_request_error", e.param(), "invalid_value");
    }
    if (error instanceof ApiError.Unauthenticated) {
      return new Rendered(401, "A valid admin token is required (Authorization: Bearer <token>).",
          "invalid_request_error", null, "invalid_api_key");
    }
    if (error instanceof ApiError.RegistryDisabled) {
      return new Rendered(403, "Provider registration is disabled: the routing service has no admin token.",
          "permission_error", null, "registry_disabled");
    }
    if (error instanceof ApiError.ModelNotFound e) {
      return new Rendered(404, "The model '" + e.model() + "' does not exist.", "invalid_request_error", "model",
          "model_not_found");
    }
    if (error instanceof ApiError.RegistrationNotFound e) {
      return new Rendered(404, "No live registration of the provider '" + e.id() + "'; register it again.",
          "invalid_request_error", "id", "registration_not_found");
    }
    if (error instanceof ApiError.NothingUnderPrice e) {
      return new Rendered(422, "No deployment of the model '" + e.model() + "' costs at most " + e.maxPrice()
          + " USD per million tokens (input + output).", "invalid_request_error", "max_price_per_mtok_usd",
          "no_deployment_under_price");
    }
    if (error instanceof ApiError.NoneAvailable e) {
      return new Rendered(503, "No deployment can serve the model '" + e.model() + "' right now.", "server_error",
          "model", "no_deployment_available");
    }
    if (error instanceof ApiError.Unavailable e) {
      return new Rendered(503, e.message(), "server_error", null, "service_unavailable");
    }
    if (error instanceof ApiError.PayloadTooLarge e) {
      return new Rendered(413, "The request body is larger than " + e.limitBytes() + " bytes.",
          "invalid_request_error", null, "request_too_large");
    }
    if (error instanceof ApiError.Internal) {
      return new Rendered(500, "Internal error.", "server_error", null, "internal_error");
    }
    ApiError.UnknownRoute e = (ApiError.UnknownRoute) error;
    return new Rendered(404, "Unrecognized request URL (" + e.method() + " " + e.path() + ").",
        "invalid_request_error", null, null);
  }

  record Rendered(int status, String message, String type, String param, String code) {}
}
