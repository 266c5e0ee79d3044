package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.Usage;
import java.util.UUID;

/** What the chat translator learned from the request, which shapes the answer. */
final class ChatExchange {
  private final OpenAiRequest request;
  private final OpenAiRequest clientRequest;
  private final TokenEstimator estimator;
  private final long created;
  private int toolCalls;
  private Long promptEstimate;

  /**
   * The exchange of one request.
   *
   * @param request the chat request sent to Gemini
   * @param clientRequest what the client sent: the same request, or the legacy completions request it came from
   * @param estimator counts tokens when Gemini does not
   * @param created the answer's {@code created}, in epoch seconds
   */
  ChatExchange(OpenAiRequest request, OpenAiRequest clientRequest, TokenEstimator estimator, long created) {
    this.request = request;
    this.clientRequest = clientRequest;
    this.estimator = estimator;
    this.created = created;
  }

  String alias() {
    return request.model();
  }

  boolean clientWantsUsage() {
    return request.includeUsage();
  }

  int choices() {
    return request.n();
  }

  /** Gemini answers carry no creation time: the moment the request was translated stands in. */
  long created() {
    return created;
  }

  TokenEstimator estimator() {
    return estimator;
  }

  /** Gemini's {@code responseId}, else a fresh id. */
  static String id(JsonNode response) {
    String id = response.path("responseId").asText("");
    return id.isEmpty() ? "chatcmpl-" + UUID.randomUUID().toString().replace("-", "") : id;
  }

  /**
   * The id of the next tool call without one from Gemini: {@code call_0}, {@code call_1} … in answer order, so that
   * the same answer always gets the same ids. Ids only need to be unique within one assistant message: a tool
   * message is matched to the nearest preceding call with its id.
   */
  String nextToolCallId() {
    return "call_" + toolCalls++;
  }

  /** Counted only when Gemini's usage is missing, since tokenizing the prompt is not free. */
  long promptEstimate() {
    if (promptEstimate == null) {
      promptEstimate = estimator.promptTokens(clientRequest);
    }
    return promptEstimate;
  }

  Usage estimate(long completionTokens) {
    return Usage.estimated(promptEstimate(), completionTokens);
  }
}
