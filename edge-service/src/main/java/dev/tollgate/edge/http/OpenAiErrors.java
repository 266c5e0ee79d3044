package dev.tollgate.edge.http;

import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.edge.limits.Refusal;
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
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (error instanceof GatewayError.RateLimited limited) {
      limited.refusal().forEachHeader(response::putHeader);
    }
    if (error instanceof GatewayError.BudgetExhausted) {
      // the SDKs retry 429 unless told not to; a budget does not come back within their backoff
      response.putHeader("x-should-retry", "false");
    }
    Rendered r = render(error);
    r.retryAfterMs().ifPresent(ms -> response
        .putHeader("retry-after", Long.toString(Math.max(1, (ms + 999) / 1000)))
        .putHeader("retry-after-ms", Long.toString(ms)));
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
    if (error instanceof GatewayError.RateLimited e) {
      return new Rendered(429, e.refusal().message(), e.refusal().errorType(), null, Refusal.ERROR_CODE);
    }
    if (error instanceof GatewayError.BudgetExhausted e) {
      return new Rendered(429, e.refusal().message(), "insufficient_quota", null, "insufficient_quota");
    }
    if (error instanceof GatewayError.BudgetUnverifiable e) {
      return new Rendered(503, e.refusal().message(), "server_error", null, "budget_decisions_stale");
    }
    if (error instanceof GatewayError.PayloadTooLarge e) {
      return new Rendered(413, "The request body is larger than the limit of " + e.limitBytes() + " bytes.",
          "invalid_request_error", null, "request_too_large");
    }
    if (error instanceof GatewayError.ModelNotAllowed e) {
      return new Rendered(403, "This API key may not use the model '" + e.model() + "'.", "permission_error",
          "model", "model_not_allowed");
    }
    if (error instanceof GatewayError.NoDeployment e) {
      return new Rendered(503, "No deployment can serve the model '" + e.model() + "' right now.", "server_error",
          "model", "no_deployment_available");
    }
    if (error instanceof GatewayError.NothingUnderPrice e) {
      // 422 as the routing service's match API: the request is well-formed, but its price cap cannot be met
      return new Rendered(422, "No deployment of the model '" + e.model() + "' is priced at or under "
          + e.maxPrice() + " USD per million tokens (input + output).", "invalid_request_error",
          "x-tollgate-max-price", "no_deployment_under_price");
    }
    if (error instanceof GatewayError.UpstreamFailed e) {
      return upstream(e.failure());
    }
    if (error instanceof GatewayError.UpstreamUnreachable e) {
      return e.timedOut()
          ? new Rendered(504, "The model provider did not answer in time.", "server_error", null, "upstream_timeout")
          : new Rendered(502, "The model provider could not be reached.", "server_error", null, "upstream_unreachable");
    }
    GatewayError.UnknownRoute e = (GatewayError.UnknownRoute) error;
    return new Rendered(
        404, "Unrecognized request URL (" + e.method() + " " + e.path() + ").", "invalid_request_error", null, null);
  }

  /**
   * A provider's error keeps its class: the client's own mistakes (4xx) and rate limits pass through with the
   * provider's message; a provider's failure (5xx or anything else) becomes 502, which the SDKs retry. A provider
   * refusing the gateway's own credentials (401/403) is the gateway's problem, not the client's key: 502 too.
   */
  private static Rendered upstream(UpstreamFailure f) {
    boolean clientClass = f.status() >= 400 && f.status() < 500 && f.status() != 401 && f.status() != 403;
    int status = clientClass ? f.status() : 502;
    return new Rendered(status, f.message(), f.type(), f.param(), f.code(), f.status() == 429 ? f.retryAfterMs() : null);
  }

  record Rendered(int status, String message, String type, String param, String code, Long retryAfter) {
    Rendered(int status, String message, String type, String param, String code) {
      this(status, message, type, param, code, null);
    }

    java.util.Optional<Long> retryAfterMs() {
      return java.util.Optional.ofNullable(retryAfter);
    }
  }
}
