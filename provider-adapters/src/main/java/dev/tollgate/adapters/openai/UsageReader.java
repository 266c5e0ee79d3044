package dev.tollgate.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.Usage;
import java.io.IOException;

/** Reads OpenAI's {@code usage} object (chat, completions and embeddings alike). */
final class UsageReader {
  private UsageReader() {}

  static Usage read(byte[] usageJson) throws IOException {
    JsonNode usage = OpenAiJson.tree(usageJson);
    return new Usage(
        count(usage.get("prompt_tokens")),
        count(usage.get("completion_tokens")),
        count(usage.path("prompt_tokens_details").get("cached_tokens")),
        count(usage.path("completion_tokens_details").get("reasoning_tokens")),
        false);
  }

  private static long count(JsonNode node) {
    return node != null && node.canConvertToLong() && node.asLong() > 0 ? node.asLong() : 0;
  }
}
