package dev.tollgate.adapters.openai;

import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.Usage;

/** What a translator learned from the request, which shapes the answer. */
final class Exchange {
  private final OpenAiRequest request;
  private final TokenEstimator estimator;
  private Long promptEstimate;

  Exchange(OpenAiRequest request, TokenEstimator estimator) {
    this.request = request;
    this.estimator = estimator;
  }

  /** The model name the client used, which every answer must carry instead of the upstream's. */
  String alias() {
    return request.model();
  }

  boolean clientWantsUsage() {
    return request.includeUsage();
  }

  TokenEstimator estimator() {
    return estimator;
  }

  /** Counted only when the provider's usage is missing, since tokenizing the prompt is not free. */
  Usage estimate(long completionTokens) {
    if (promptEstimate == null) {
      promptEstimate = estimator.promptTokens(request);
    }
    return Usage.estimated(promptEstimate, completionTokens);
  }
}
