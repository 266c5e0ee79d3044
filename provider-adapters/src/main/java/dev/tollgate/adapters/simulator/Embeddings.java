package dev.tollgate.adapters.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.adapters.OpenAiRequest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic embeddings: each input's vector is drawn from a generator seeded by a hash of that input, then
 * normalised to length 1, as OpenAI's are. Honours {@code dimensions} and {@code encoding_format: base64} (which the
 * official Python SDK asks for by default: little-endian float32).
 */
final class Embeddings {
  static final int DEFAULT_DIMENSIONS = 1536;
  static final int MAX_DIMENSIONS = 3072;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Embeddings() {}

  static Buffer body(OpenAiRequest request) throws IOException {
    List<String> inputs = inputs(MAPPER.readTree(request.member("input").orElseThrow()));
    int dimensions = dimensions(request);
    boolean base64 = request.member("encoding_format").map(Embeddings::text).orElse("float").equals("base64");
    var usage = Reply.embeddingsUsage(request);
    return Bodies.json(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (int i = 0; i < inputs.size(); i++) {
        g.writeStartObject();
        g.writeStringField("object", "embedding");
        g.writeNumberField("index", i);
        writeVector(g, vector(inputs.get(i), dimensions), base64);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("model", request.model());
      g.writeObjectFieldStart("usage");
      g.writeNumberField("prompt_tokens", usage.promptTokens());
      g.writeNumberField("total_tokens", usage.totalTokens());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static float[] vector(String input, int dimensions) {
    SplittableRandom random = new SplittableRandom(input.hashCode());
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
      norm += vector[i] * vector[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    return vector;
  }

  /** One entry per embedding: a string, or a token array (kept as its JSON text). */
  private static List<String> inputs(JsonNode input) {
    List<String> inputs = new ArrayList<>();
    if (input.isTextual() || (input.isArray() && input.size() > 0 && input.get(0).isNumber())) {
      inputs.add(input.isTextual() ? input.asText() : input.toString());
    } else {
      input.forEach(item -> inputs.add(item.isTextual() ? item.asText() : item.toString()));
    }
    return inputs;
  }

  private static int dimensions(OpenAiRequest request) {
    return request.member("dimensions")
        .map(raw -> text(raw))
        .map(value -> {
          try {
            int d = Integer.parseInt(value);
            return d >= 1 && d <= MAX_DIMENSIONS ? d : DEFAULT_DIMENSIONS;
          } catch (NumberFormatException e) {
            return DEFAULT_DIMENSIONS;
          }
        })
        .orElse(DEFAULT_DIMENSIONS);
  }

  private static String text(byte[] raw) {
    try {
      return MAPPER.readTree(raw).asText();
    } catch (IOException e) {
      return "";
    }
  }

  private static void writeVector(JsonGenerator g, float[] vector, boolean base64) throws IOException {
    if (base64) {
      ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : vector) {
        bytes.putFloat(v);
      }
      g.writeStringField("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      return;
    }
    g.writeArrayFieldStart("embedding");
    for (float v : vector) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }
}
