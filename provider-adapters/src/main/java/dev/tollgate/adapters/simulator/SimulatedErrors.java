package dev.tollgate.adapters.simulator;

import io.vertx.core.buffer.Buffer;

/** The error bodies OpenAI sends for each status, as the simulator injects them. */
final class SimulatedErrors {
  private SimulatedErrors() {}

  static Buffer body(int status, String model) {
    return switch (status) {
      case 400 -> Bodies.error("Simulated bad request.", "invalid_request_error", null, null);
      case 401 -> Bodies.error("Incorrect API key provided (simulated).", "invalid_request_error", null,
          "invalid_api_key");
      case 403 -> Bodies.error("Simulated permission error.", "permission_error", null, null);
      case 404 -> Bodies.error("The model `" + model + "` does not exist or you do not have access to it.",
          "invalid_request_error", null, "model_not_found");
      case 429 -> rateLimited();
      case 503 -> Bodies.error("The engine is currently overloaded, please try again later.", "server_error", null,
          null);
      default -> status >= 500
          ? Bodies.error("The server had an error while processing your request. Sorry about that!", "server_error",
              null, null)
          : Bodies.error("Simulated error.", "invalid_request_error", null, null);
    };
  }

  static Buffer rateLimited() {
    return Bodies.error("Rate limit reached for requests (simulated).", "requests", null, "rate_limit_exceeded");
  }
}
