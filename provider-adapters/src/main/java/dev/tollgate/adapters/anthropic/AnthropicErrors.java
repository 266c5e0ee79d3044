package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Anthropic's errors, {@code {"type":"error","error":{"type","message"},"request_id"}}, in OpenAI's terms: the
 * status follows Anthropic's error type (the HTTP status when the type is unknown), the OpenAI type follows the
 * status, and Anthropic's type becomes the {@code code}. 529 {@code overloaded_error} is a 503, retryable like every
 * 5xx and 429; {@code retry-after} and {@code x-should-retry} are honoured.
 */
final class AnthropicErrors {
  /** Anthropic's error types and the statuses its reference gives them. */
  private static final Map<String, Integer> STATUS = Map.of(
      "invalid_request_error", 400,
      "authentication_error", 401,
      "billing_error", 402,
      "permission_error", 403,
      "not_found_error", 404,
      "request_too_large", 413,
      "rate_limit_error", 429,
      "api_error", 500,
      "timeout_error", 504,
      "overloaded_error", 503);
  private static final int OVERLOADED = 529;
  private static final int MAX_MESSAGE = 1000;
  private static final Pattern API_KEY = Pattern.compile("\\bsk-ant-[A-Za-z0-9_\\-*.]{3,}");

  static final UpstreamFailure STREAM_CUT = new UpstreamFailure(
      502, "server_error", "upstream_stream_cut", null, "upstream stream ended before completion", null, false);

  private AnthropicErrors() {}

  /** A non-2xx answer. */
  static UpstreamFailure fromResponse(int status, UpstreamHeaders headers, byte[] body, Instant now) {
    Fields fields = read(body);
    int openAiStatus = status(fields.type, status);
    String message = openAiStatus == 401 || openAiStatus == 403
        // these messages concern the gateway's own key
        ? "the upstream provider refused the gateway's credentials (HTTP " + status + ")"
        : redact(fields.message);
    return UpstreamFailure.classify(openAiStatus, null, fields.type, null, message, headers, now);
  }

  /** An {@code error} event in a stream that had begun: too late to retry. */
  static UpstreamFailure midStream(JsonNode event) {
    JsonNode error = event.path("error");
    String type = AnthropicJson.string(error, "type");
    int status = status(type, 500);
    return new UpstreamFailure(status, null, type, null, redact(AnthropicJson.string(error, "message")), null, false);
  }

  /** A 2xx body that is not a Message. */
  static UpstreamFailure invalidResponse(String what) {
    return new UpstreamFailure(502, "server_error", "upstream_invalid_response", null, what, null, true);
  }

  private static int status(String type, int httpStatus) {
    Integer known = type == null ? null : STATUS.get(type);
    if (known != null) {
      return known;
    }
    return httpStatus == OVERLOADED ? 503 : httpStatus;
  }

  private static String redact(String message) {
    if (message == null) {
      return null;
    }
    String shown = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    return API_KEY.matcher(shown).replaceAll("sk-ant-***");
  }

  private static Fields read(byte[] body) {
    try {
      JsonNode error = AnthropicJson.tree(body).path("error");
      return new Fields(AnthropicJson.string(error, "type"), AnthropicJson.string(error, "message"));
    } catch (IOException | RuntimeException e) {
      // not JSON (a proxy's HTML page, say): never echoed
      return new Fields(null, null);
    }
  }

  private record Fields(String type, String message) {}
}
