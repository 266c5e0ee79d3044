package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A plain Jackson mapper for provider JSON: Tollgate's shared mapper has naming and enum rules for its own records,
 * not for Google's camelCase or OpenAI's snake_case. Field order of built objects is insertion order, so the bytes
 * a client receives are stable.
 */
final class GeminiJson {
  /** Decimals stay as written: an embedding's {@code 0.00069968984} is not re-spelled {@code 6.9968984E-4}. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // "{...} trailing" is not a JSON object, whether in tool arguments or in an answer
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private GeminiJson() {}

  static JsonNode tree(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      // a tree built in memory always serializes
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }
}
