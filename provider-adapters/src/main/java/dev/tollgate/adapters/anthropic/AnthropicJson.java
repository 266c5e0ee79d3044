package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A plain Jackson mapper for provider JSON, which this adapter rebuilds whole rather than rewrites in place: the
 * shared mapper's naming and enum rules are for Tollgate's records.
 */
final class AnthropicJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private AnthropicJson() {}

  static JsonNode tree(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A string member, or null when absent or not a string. */
  static String string(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
