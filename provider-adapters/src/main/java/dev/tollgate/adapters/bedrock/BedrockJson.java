package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain Jackson mapper for provider JSON: the shared mapper's naming rules are for Tollgate's records. */
final class BedrockJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private BedrockJson() {}

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
