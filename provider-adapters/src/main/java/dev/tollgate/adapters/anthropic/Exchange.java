package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.Usage;
import java.time.Clock;

/** What the translator learned from the request, which shapes the answer. */
final class Exchange {
  private final OpenAiRequest request;
  private final TokenEstimator estimator;
  private final Clock clock;
  private Long promptEstimate;

  Exchange(OpenAiRequest request, TokenEstimator estimator, Clock clock) {
    this.request = request;
    this.estimator = estimator;
    this.clock = clock;
  }

  /** The model name the client used, which every answer carries. */
  String alias() {
    return request.model();
  }

  /** Whether the client called the legacy {@code /v1/completions}, whose answers hold {@code text} choices. */
  boolean legacy() {
    return request.endpoint() == OpenAiEndpoint.COMPLETIONS;
  }

  /** OpenAI's {@code object} for a whole answer or for a chunk of this endpoint. */
  String object(boolean chunk) {
    if (legacy()) {
      return "text_completion";
    }
    return chunk ? "chat.completion.chunk" : "chat.completion";
  }

  boolean clientWantsUsage() {
    return request.includeUsage();
  }

  TokenEstimator estimator() {
    return estimator;
  }

  /** Anthropic's answers carry no time: they are dated on arrival, in seconds as OpenAI's {@code created}. */
  long now() {
    return clock.instant().getEpochSecond();
  }

  /** The members every OpenAI answer opens with. */
  ObjectNode answer(String id, boolean chunk, long created) {
    return AnthropicJson.MAPPER.createObjectNode()
        .put("id", id)
        .put("object", object(chunk))
        .put("created", created)
        .put("model", alias());
  }

  /** Counted only when the provider's usage never came, since tokenizing the prompt is not free. */
  Usage estimate(long completionTokens) {
    if (promptEstimate == null) {
      promptEstimate = estimator.promptTokens(request);
    }
    return Usage.estimated(promptEstimate, completionTokens);
  }
}
