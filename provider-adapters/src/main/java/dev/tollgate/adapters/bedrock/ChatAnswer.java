package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.Usage;

/**
 * What one request's answer carries whatever its shape: the id, the creation time, the public alias, and how to
 * estimate usage when Bedrock gives none.
 *
 * <p>Converse answers have no id: it is derived from the signed request by {@link SignedRequests#responseId}, the
 * same for the streamed and the non-streamed shape.
 */
final class ChatAnswer {
  private final String id;
  private final long created;
  private final OpenAiRequest request;
  private final TokenEstimator estimator;
  private Long promptEstimate;

  ChatAnswer(String id, long created, OpenAiRequest request, TokenEstimator estimator) {
    this.id = id;
    this.created = created;
    this.request = request;
    this.estimator = estimator;
  }

  boolean clientWantsUsage() {
    return request.includeUsage();
  }

  TokenEstimator estimator() {
    return estimator;
  }

  Usage estimate(long completionTokens) {
    if (promptEstimate == null) {
      promptEstimate = estimator.promptTokens(request);
    }
    return Usage.estimated(promptEstimate, completionTokens);
  }

  /** The members every answer starts with, in OpenAI's order. */
  ObjectNode head(String object) {
    ObjectNode node = BedrockJson.MAPPER.createObjectNode();
    node.put("id", id);
    node.put("object", object);
    node.put("created", created);
    node.put("model", request.model());
    return node;
  }

  /**
   * Reads Converse's usage. Bedrock counts cache reads and writes apart from {@code inputTokens}; OpenAI's
   * {@code prompt_tokens} includes them, and {@code cached_tokens} are the reads.
   */
  static Usage usage(JsonNode usage) {
    long read = count(usage.path("cacheReadInputTokens"));
    long write = count(usage.path("cacheWriteInputTokens"));
    return new Usage(count(usage.path("inputTokens")) + read + write, count(usage.path("outputTokens")), read, 0,
        false);
  }

  static ObjectNode usageJson(Usage usage) {
    ObjectNode node = BedrockJson.MAPPER.createObjectNode();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    return node;
  }

  /** Converse's {@code stopReason} as OpenAI's {@code finish_reason}. */
  static String finishReason(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "guardrail_intervened", "content_filtered" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence
    };
  }

  private static long count(JsonNode node) {
    return node.canConvertToLong() && node.asLong() > 0 ? node.asLong() : 0;
  }
}
