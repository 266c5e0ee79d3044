package dev.tollgate.routing.http;

/**
 * Every way the routing API refuses a request, as a typed value. {@link OpenAiErrors} is the one place that turns
 * it into a status and the OpenAI error envelope.
 */
public sealed interface ApiError {

  /** Malformed or invalid input: 400, naming the offending parameter. */
  record InvalidRequest(String message, String param) implements ApiError {}

  /** No admin token, or the wrong one: 401. */
  record Unauthenticated() implements ApiError {}

  /** The registry is disabled because no admin token is configured: 403. */
  record RegistryDisabled() implements ApiError {}

  /** No route table for the model: 404 {@code model_not_found}. */
  record ModelNotFound(String model) implements ApiError {}

  /** No such registration (never made, deleted or expired): 404. */
  record RegistrationNotFound(String id) implements ApiError {}

  /** Deployments exist but none is priced at or under the maximum: 422. */
  record NothingUnderPrice(String model, String maxPrice) implements ApiError {}

  /** Every deployment under the maximum price is cooling down: 503. */
  record NoneAvailable(String model) implements ApiError {}

  /** The registration could not be written to Kafka: 503. */
  record Unavailable(String message) implements ApiError {}

  /** A body over {@code limitBytes}: 413. */
  record PayloadTooLarge(int limitBytes) implements ApiError {}

  /** A bug: 500, with no detail for the client (the log has it). */
  record Internal() implements ApiError {}

  /** A path this API does not serve: 404. */
  record UnknownRoute(String method, String path) implements ApiError {}
}
