package dev.tollgate.metering.query;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Renders an {@link ApiError} as OpenAI does: {@code {"error":{"message","type","param","code"}}} and a status. */
final class ApiErrors {

  private ApiErrors() {}

  static void send(HttpServerResponse response, ApiError error) {
    if (response.ended()) {
      return;
    }
    Rendered r = render(error);
    if (error instanceof ApiError.Unauthenticated) {
      response.putHeader("www-authenticate", "Bearer");
    }
    if (error instanceof ApiError.Unavailable) {
      response.putHeader("retry-after", "1");
    }
    JsonObject body = new JsonObject().put("error", new JsonObject()
        .put("message", r.message())
        .put("type", r.type())
        .put("param", r.param())
        .put("code", r.code()));
    response.setStatusCode(r.status()).putHeader("content-type", "application/json").end(body.encode());
  }

  static Rendered render(ApiError error) {
    if (error instanceof ApiError.BadParam e) {
      return new Rendered(400, e.message(), "invalid_request_error", e.param(), "invalid_parameter");
    }
    if (error instanceof ApiError.Unauthenticated e) {
      return new Rendered(401, e.message(), "invalid_request_error", null, "invalid_api_key");
    }
    if (error instanceof ApiError.NotFound e) {
      return new Rendered(404, e.message(), "invalid_request_error", null, "not_found");
    }
    ApiError.Unavailable e = (ApiError.Unavailable) error;
    return new Rendered(503, e.message(), "server_error", null, "usage_store_unavailable");
  }

  record Rendered(int status, String message, String type, String param, String code) {}
}
