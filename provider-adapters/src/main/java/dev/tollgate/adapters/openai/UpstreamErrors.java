package dev.tollgate.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import java.io.IOException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Reads an upstream's error into OpenAI's error fields. Besides OpenAI's envelope it understands the shapes
 * OpenAI-compatible servers use: {@code {"error":"text"}} (Ollama), a top-level {@code message}/{@code type}
 * (vLLM) and {@code {"detail":"text"}} (FastAPI servers). A body that is not JSON is never echoed.
 */
final class UpstreamErrors {
  /** Mid-stream errors carry no status; the upstream failed after it had said 200. */
  static final int MID_STREAM_STATUS = 500;

  static final UpstreamFailure STREAM_CUT = new UpstreamFailure(
      502, "server_error", "upstream_stream_cut", null, "upstream stream ended before completion", null, false);

  private static final int MAX_MESSAGE = 1000;
  private static final Pattern API_KEY = Pattern.compile("\\b(sk|rk|pk|gsk|xai)-[A-Za-z0-9_\\-*.]{3,}");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9_\\-.=:/+*]+");

  private UpstreamErrors() {}

  static UpstreamFailure fromResponse(int status, UpstreamHeaders headers, byte[] body, Instant now) {
    Fields fields = read(body);
    String message = status == 401 || status == 403
        // these messages are about the gateway's own key and may quote part of it
        ? "the upstream provider refused the gateway's credentials (HTTP " + status + ")"
        : redact(fields.message);
    return UpstreamFailure.classify(status, fields.type, fields.code, fields.param, message, headers, now);
  }

  /** An error inside a 2xx body: a stream's error event (too late to retry), or a complete body (not too late). */
  static UpstreamFailure embedded(byte[] data, int status, boolean retryable) {
    Fields fields = read(data);
    String type = fields.type == null ? "server_error" : fields.type;
    return new UpstreamFailure(status, type, fields.code, fields.param, redact(fields.message), null, retryable);
  }

  static String redact(String message) {
    if (message == null) {
      return null;
    }
    String shown = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    shown = API_KEY.matcher(shown).replaceAll("$1-***");
    return BEARER.matcher(shown).replaceAll("Bearer ***");
  }

  private static Fields read(byte[] body) {
    JsonNode root;
    try {
      root = OpenAiJson.tree(body);
    } catch (IOException e) {
      return new Fields(null, null, null, null);
    }
    if (root == null || !root.isObject()) {
      return new Fields(null, null, null, null);
    }
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      return fields(error);
    } else if (error != null && error.isTextual()) {
      return new Fields(error.asText(), null, null, null);
    } else if (root.has("message")) {
      return fields(root);
    }
    return new Fields(text(root.get("detail")), null, null, null);
  }

  private static Fields fields(JsonNode error) {
    return new Fields(text(error.get("message")), text(error.get("type")), text(error.get("code")),
        text(error.get("param")));
  }

  /** Only strings count: a numeric {@code code} is an HTTP status echoed back, not an error code. */
  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private record Fields(String message, String type, String code, String param) {}
}
