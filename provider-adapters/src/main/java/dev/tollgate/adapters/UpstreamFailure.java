package dev.tollgate.adapters;

import java.time.Instant;

/**
 * An upstream failure expressed in the fields of OpenAI's error envelope
 * {@code {"error":{"message","type","param","code"}}}, plus what the edge needs to decide on a retry. The edge's one
 * error renderer turns it into the client's response; nothing here is ever sent as-is.
 *
 * <p>{@code status} is the status OpenAI would have answered with (for OpenAI-compatible upstreams, the upstream's
 * own). Upstream 401 and 403 concern the gateway's credentials, not the client's, so the edge should not pass them
 * on unchanged. Messages never carry credentials: translators replace or redact them.
 *
 * @param status the HTTP status, in OpenAI's terms
 * @param type the error type, e.g. {@code invalid_request_error}, {@code server_error}
 * @param code the error code, e.g. {@code rate_limit_exceeded}; null when the upstream gave none
 * @param param the request parameter at fault; null when none
 * @param message a human-readable message, free of secrets
 * @param retryAfterMs how long the upstream asked us to wait; null when it did not say
 * @param retryable whether trying again (here or on another deployment) may succeed
 */
public record UpstreamFailure(
    int status, String type, String code, String param, String message, Long retryAfterMs, boolean retryable)
    implements TranslatedResponse {

  public UpstreamFailure {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status, got " + status);
    }
    type = type == null || type.isBlank() ? defaultType(status) : type;
    message = message == null || message.isBlank() ? "upstream returned HTTP " + status : message;
    if (retryAfterMs != null && retryAfterMs < 0) {
      throw new IllegalArgumentException("retry_after_ms must be >= 0");
    }
  }

  /**
   * A failure without a parameter at fault.
   *
   * @param status the HTTP status, in OpenAI's terms
   * @param type the error type
   * @param code the error code, or null
   * @param message a message free of secrets
   * @param retryAfterMs the delay asked for, or null
   * @param retryable whether trying again may succeed
   */
  public UpstreamFailure(
      int status, String type, String code, String message, Long retryAfterMs, boolean retryable) {
    this(status, type, code, null, message, retryAfterMs, retryable);
  }

  /**
   * A failure classified the way the official OpenAI SDKs classify responses: 408, 409, 429 and every 5xx are
   * retryable, except a 429 whose code is {@code insufficient_quota} (billing, not load); an upstream
   * {@code x-should-retry: true|false} header overrides. The delay comes from {@link RetryAfter}.
   *
   * @param status the HTTP status, in OpenAI's terms
   * @param type the error type, or null for the status's usual type
   * @param code the error code, or null
   * @param param the parameter at fault, or null
   * @param message a message free of secrets, or null for a generic one
   * @param headers the upstream response's headers
   * @param now the current time, for an HTTP-date {@code retry-after}
   * @return the failure
   */
  public static UpstreamFailure classify(
      int status, String type, String code, String param, String message, UpstreamHeaders headers, Instant now) {
    return new UpstreamFailure(
        status, type, code, param, message, RetryAfter.millis(headers, now), retryable(status, code, headers));
  }

  private static boolean retryable(int status, String code, UpstreamHeaders headers) {
    String shouldRetry = headers.get("x-should-retry");
    if ("true".equalsIgnoreCase(shouldRetry)) {
      return true;
    } else if ("false".equalsIgnoreCase(shouldRetry)) {
      return false;
    }
    if (status == 429) {
      return !"insufficient_quota".equals(code);
    }
    return status == 408 || status == 409 || status >= 500;
  }

  private static String defaultType(int status) {
    if (status == 401) {
      return "authentication_error";
    } else if (status == 403) {
      return "permission_error";
    } else if (status == 429) {
      return "rate_limit_error";
    } else if (status >= 500) {
      return "server_error";
    }
    return "invalid_request_error";
  }
}
