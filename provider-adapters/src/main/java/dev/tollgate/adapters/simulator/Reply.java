package dev.tollgate.adapters.simulator;

import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.Usage;
import dev.tollgate.schemas.config.SimulatorSpec;
import java.util.Arrays;
import java.util.List;

/**
 * What the simulator answers to a request, decided before a byte is sent: the tokens (a function of the request's
 * input), why it stops, and the exact usage, with prompt tokens counted by the adapters' own {@link TokenEstimator}.
 */
record Reply(List<String> tokens, String finishReason, Usage usage) {

  static Reply to(OpenAiRequest request, SimulatorSpec spec) {
    int count = Math.min(spec.responseTokens(), request.maxTokens().orElse(Integer.MAX_VALUE));
    byte[] input = request.member(request.endpoint().inputField()).orElse(new byte[0]);
    List<String> tokens = Vocabulary.tokens(Arrays.hashCode(input), count);
    long prompt = TokenEstimator.forModel(request.model()).promptTokens(request);
    return new Reply(tokens, count < spec.responseTokens() ? "length" : "stop", Usage.reported(prompt, count));
  }

  /** Embeddings generate nothing: only the input counts. */
  static Usage embeddingsUsage(OpenAiRequest request) {
    return Usage.reported(TokenEstimator.forModel(request.model()).promptTokens(request), 0);
  }

  String text() {
    return String.join("", tokens);
  }
}
