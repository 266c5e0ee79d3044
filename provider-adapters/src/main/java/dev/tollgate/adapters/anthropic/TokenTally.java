package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.Usage;

/**
 * Anthropic's {@code usage} counts, as they arrive: whole in a Message, or first in {@code message_start} and then,
 * cumulatively, in {@code message_delta}. A count absent from an update keeps its last value.
 */
final class TokenTally {
  private boolean seen;
  private long input;
  private long output;
  private long cacheRead;
  private long cacheWrite;

  void read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    seen = true;
    input = count(usage.get("input_tokens"), input);
    output = count(usage.get("output_tokens"), output);
    cacheRead = count(usage.get("cache_read_input_tokens"), cacheRead);
    cacheWrite = count(usage.get("cache_creation_input_tokens"), cacheWrite);
  }

  /** Whether any usage arrived (a stream's {@code message_start} brings the input counts). */
  boolean seen() {
    return seen;
  }

  long promptTokens() {
    return Math.addExact(Math.addExact(input, cacheRead), cacheWrite);
  }

  long outputTokens() {
    return output;
  }

  /**
   * The counts in OpenAI's terms.
   *
   * @param thought whether the answer held thinking, which Anthropic counts in {@code output_tokens}
   * @param visibleTokens an estimate of the output tokens the client saw (text, tool names and arguments)
   */
  Usage reported(boolean thought, long visibleTokens) {
    long reasoning = thought ? Math.max(0, output - visibleTokens) : 0;
    return new Usage(promptTokens(), output, cacheRead, reasoning, cacheWrite, false);
  }

  /**
   * The provider's input counts with an estimated completion, for a stream that ended before its final counts.
   *
   * @param completionTokens the estimated completion
   */
  Usage withEstimatedCompletion(long completionTokens) {
    return new Usage(promptTokens(), completionTokens, cacheRead, 0, cacheWrite, true);
  }

  private static long count(JsonNode node, long otherwise) {
    return node != null && node.canConvertToLong() && node.asLong() >= 0 ? node.asLong() : otherwise;
  }

  /** OpenAI's {@code usage} object; cache writes have no place in it and stay in the usage event. */
  static ObjectNode openAiUsage(Usage usage) {
    ObjectNode node = AnthropicJson.MAPPER.createObjectNode();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    return node;
  }
}
