package dev.tollgate.metering.query;

/**
 * What the usage API can refuse a request for; {@link ApiErrors} renders each as the OpenAI error envelope. Messages
 * never contain a credential.
 */
public sealed interface ApiError {

  /** A query parameter is missing or wrong: 400, naming the parameter. */
  record BadParam(String param, String message) implements ApiError {}

  /** No admin credential, or the wrong one: 401. */
  record Unauthenticated(String message) implements ApiError {}

  /** Nothing at this path: 404. */
  record NotFound(String message) implements ApiError {}

  /** The stores cannot answer now (starting, rebalancing, migrating): 503, try again shortly. */
  record Unavailable(String message) implements ApiError {}

  /** The failure as an exception, to travel in a failed future or out of a parser. */
  default Failure failure() {
    return new Failure(this);
  }

  /** An {@link ApiError} thrown; no stack trace, it is an answer, not a bug. */
  final class Failure extends RuntimeException {
    private final transient ApiError error;

    Failure(ApiError error) {
      super(error.toString(), null, false, false);
      this.error = error;
    }

    /** @return the error to render */
    public ApiError error() {
      return error;
    }
  }
}
