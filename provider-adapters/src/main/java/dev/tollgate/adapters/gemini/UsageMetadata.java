package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.Usage;

/**
 * Gemini's {@code usageMetadata} in OpenAI's terms: prompt tokens are {@code promptTokenCount} (which already
 * counts {@code cachedContentTokenCount}) plus {@code toolUsePromptTokenCount}; completion tokens are
 * {@code candidatesTokenCount} plus {@code thoughtsTokenCount}, the thoughts being the reasoning tokens. The sum
 * is Gemini's {@code totalTokenCount}.
 */
final class UsageMetadata {
  private UsageMetadata() {}

  static Usage read(JsonNode metadata) {
    long thoughts = count(metadata, "thoughtsTokenCount");
    return new Usage(
        count(metadata, "promptTokenCount") + count(metadata, "toolUsePromptTokenCount"),
        count(metadata, "candidatesTokenCount") + thoughts,
        count(metadata, "cachedContentTokenCount"),
        thoughts,
        false);
  }

  /** OpenAI's {@code usage} object. */
  static ObjectNode openAi(Usage usage) {
    ObjectNode node = GeminiJson.object();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    return node;
  }

  private static long count(JsonNode metadata, String field) {
    JsonNode node = metadata.get(field);
    return node != null && node.canConvertToLong() && node.asLong() > 0 ? node.asLong() : 0;
  }
}
