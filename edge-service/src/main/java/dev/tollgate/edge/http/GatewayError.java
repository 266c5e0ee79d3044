package dev.tollgate.edge.http;

/**
 * Every way the edge refuses or fails a request, as a typed value. {@link OpenAiErrors} is the one place that
 * turns it into a status code, headers and the OpenAI error envelope.
 */
public sealed interface GatewayError {
  /** A short, stable name for metrics. */
  String kind();

  /** Malformed or invalid input: 400, naming the offending parameter when there is one. */
  record InvalidRequest(String message, String param) implements GatewayError {
    @Override
    public String kind() {
      return "invalid_request";
    }
  }

  /** No key, or a key that is unknown, disabled or expired: 401. */
  record Unauthenticated(String message) implements GatewayError {
    @Override
    public String kind() {
      return "unauthenticated";
    }
  }

  /** A valid key that may not do this (scope or model allowlist): 403. */
  record PermissionDenied(String message) implements GatewayError {
    @Override
    public String kind() {
      return "permission_denied";
    }
  }

  /** A model the key may not see, or one that does not exist: 404 {@code model_not_found}. */
  record ModelNotFound(String model) implements GatewayError {
    @Override
    public String kind() {
      return "model_not_found";
    }
  }

  /** A path the edge does not serve: 404. */
  record UnknownRoute(String method, String path) implements GatewayError {
    @Override
    public String kind() {
      return "unknown_route";
    }
  }
}
