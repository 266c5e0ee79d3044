package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Google's error envelope {@code {"error":{"code","message","status","details"}}} in OpenAI's terms. The canonical
 * {@code status} decides (the HTTP code when it is missing): {@code INVALID_ARGUMENT}, {@code FAILED_PRECONDITION}
 * and {@code OUT_OF_RANGE} are 400, {@code UNAUTHENTICATED} 401 (and so is a 400 whose {@code ErrorInfo.reason} is
 * {@code API_KEY_INVALID}), {@code PERMISSION_DENIED} 403, {@code NOT_FOUND} 404, {@code RESOURCE_EXHAUSTED} a
 * retryable 429 whose {@code RetryInfo.retryDelay} is the retry hint, {@code INTERNAL} 500, {@code UNAVAILABLE} 503
 * and {@code DEADLINE_EXCEEDED} 504.
 */
final class GeminiErrors {
  /** A stream's error arrives after the 200: it is reported as a server error, too late to retry. */
  static final int MID_STREAM_STATUS = 500;

  static final UpstreamFailure STREAM_CUT = new UpstreamFailure(
      502, "server_error", "upstream_stream_cut", null, "upstream stream ended before completion", null, false);

  private static final int MAX_MESSAGE = 1000;
  /** Google API keys: {@code AIza} and 35 more characters. */
  private static final Pattern API_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{10,}");

  private GeminiErrors() {}

  static UpstreamFailure fromResponse(int status, UpstreamHeaders headers, byte[] body, Instant now) {
    GoogleError error = read(body);
    Mapped mapped = map(error, status);
    String message = mapped.status == 401 || mapped.status == 403
        // about the gateway's own key, which the upstream message may quote
        ? "the upstream provider refused the gateway's credentials (HTTP " + status + ")"
        : redact(error.message);
    UpstreamFailure failure =
        UpstreamFailure.classify(mapped.status, mapped.type, mapped.code, null, message, headers, now);
    if (error.retryDelayMs != null) {
      return new UpstreamFailure(failure.status(), failure.type(), failure.code(), null, failure.message(),
          error.retryDelayMs, failure.retryable());
    }
    return failure;
  }

  /** An error event inside a 200 stream. */
  static UpstreamFailure embedded(byte[] data) {
    GoogleError error = read(data);
    Mapped mapped = map(error, MID_STREAM_STATUS);
    String type = mapped.status >= 500 ? "server_error" : mapped.type;
    return new UpstreamFailure(MID_STREAM_STATUS, type, mapped.code, null, redact(error.message), null, false);
  }

  static boolean isError(JsonNode event) {
    return event.has("error") || event.isArray() && event.path(0).has("error");
  }

  private static Mapped map(GoogleError error, int httpStatus) {
    if ("API_KEY_INVALID".equals(error.reason) || "UNAUTHENTICATED".equals(error.status)) {
      return new Mapped(401, "authentication_error", "invalid_api_key");
    }
    String status = error.status == null ? "" : error.status;
    return switch (status) {
      case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" ->
          new Mapped(400, "invalid_request_error", null);
      case "PERMISSION_DENIED" -> new Mapped(403, "permission_error", null);
      case "NOT_FOUND" -> new Mapped(404, "invalid_request_error", null);
      case "RESOURCE_EXHAUSTED" -> new Mapped(429, "rate_limit_error", "rate_limit_exceeded");
      case "INTERNAL", "UNKNOWN", "CANCELLED", "DATA_LOSS" -> new Mapped(500, "server_error", null);
      case "UNAVAILABLE" -> new Mapped(503, "server_error", null);
      case "DEADLINE_EXCEEDED" -> new Mapped(504, "server_error", "timeout");
      default -> new Mapped(httpStatus, null, httpStatus == 429 ? "rate_limit_exceeded" : null);
    };
  }

  static String redact(String message) {
    if (message == null) {
      return null;
    }
    String shown = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    return API_KEY.matcher(shown).replaceAll("AIza***");
  }

  private static GoogleError read(byte[] body) {
    JsonNode root;
    try {
      root = GeminiJson.tree(body);
    } catch (IOException e) {
      return new GoogleError(null, null, null, null); // never echo a body that is not JSON
    }
    if (root != null && root.isArray()) {
      root = root.path(0); // a stream's error can come as a one-element array
    }
    JsonNode error = root == null ? null : root.get("error");
    if (error == null || !error.isObject()) {
      return new GoogleError(null, null, null, null);
    }
    String reason = null;
    Long delay = null;
    for (JsonNode detail : error.path("details")) {
      String type = detail.path("@type").asText("");
      if (type.endsWith("google.rpc.ErrorInfo")) {
        reason = detail.path("reason").asText(null);
      } else if (type.endsWith("google.rpc.RetryInfo")) {
        delay = durationMillis(detail.path("retryDelay").asText(""));
      }
    }
    return new GoogleError(text(error.get("message")), text(error.get("status")), reason, delay);
  }

  /** A protobuf Duration in its JSON form: decimal seconds with an {@code s}, e.g. {@code "23s"}, {@code "0.5s"}. */
  private static Long durationMillis(String duration) {
    if (!duration.matches("[0-9]{1,9}(\\.[0-9]{1,9})?s")) {
      return null;
    }
    BigDecimal seconds = new BigDecimal(duration.substring(0, duration.length() - 1));
    return seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private record GoogleError(String message, String status, String reason, Long retryDelayMs) {}

  private record Mapped(int status, String type, String code) {}
}
