package dev.tollgate.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Jackson for the few small objects read whole (usage, errors). Wire-format translation keeps to its own plain
 * mapper: the shared mapper's naming and enum rules are for Tollgate's records, not for provider JSON.
 */
final class OpenAiJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenAiJson() {}

  static JsonNode tree(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }
}
