package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.Usage;
import java.io.IOException;

/**
 * A complete {@code GenerateContentResponse} as an OpenAI {@code chat.completion}. A prompt Gemini blocked
 * ({@code promptFeedback.blockReason}, no candidates) is a 200 whose choices have no content and
 * {@code finish_reason: content_filter}, as OpenAI answers when its own filter stops a completion: clients already
 * handle that, a stream can say it the same way, and the prompt tokens Gemini counted are still metered.
 */
final class ChatAnswer {
  private ChatAnswer() {}

  static TranslatedResponse translate(ChatExchange exchange, byte[] body) {
    JsonNode response;
    try {
      response = GeminiJson.tree(body);
    } catch (IOException e) {
      response = null;
    }
    if (response == null || !response.isObject()) {
      return new UpstreamFailure(
          502, "server_error", "upstream_invalid_response", "upstream returned a body that is not JSON", null, true);
    }
    if (GeminiErrors.isError(response)) {
      return GeminiErrors.embedded(body);
    }
    ObjectNode out = GeminiJson.object();
    out.put("id", ChatExchange.id(response));
    out.put("object", "chat.completion");
    out.put("created", exchange.created());
    out.put("model", exchange.alias());
    ArrayNode choices = out.putArray("choices");
    long generated = 0;
    JsonNode candidates = response.path("candidates");
    if (candidates.isEmpty()) {
      boolean blocked = response.path("promptFeedback").hasNonNull("blockReason");
      for (int i = 0; i < exchange.choices(); i++) {
        choices.add(choice(i, null, null, blocked ? "content_filter" : "stop"));
      }
    }
    for (int i = 0; i < candidates.size(); i++) {
      Candidate candidate = Candidate.read(candidates.get(i), i, exchange);
      boolean called = !candidate.toolCalls().isEmpty();
      ArrayNode calls = called ? GeminiJson.object().arrayNode().addAll(candidate.toolCalls()) : null;
      choices.add(choice(candidate.index(), candidate.text(), calls,
          Candidate.finishReason(candidate.finishReason(), called)));
      generated += candidate.tokens(exchange.estimator());
    }
    JsonNode metadata = response.get("usageMetadata");
    Usage usage = metadata != null && metadata.isObject()
        ? UsageMetadata.read(metadata)
        : exchange.estimate(generated);
    out.set("usage", UsageMetadata.openAi(usage));
    return new TranslatedResponse.Success(GeminiJson.bytes(out), usage);
  }

  private static ObjectNode choice(int index, String text, ArrayNode toolCalls, String finishReason) {
    ObjectNode choice = GeminiJson.object();
    choice.put("index", index);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    if (toolCalls != null) {
      message.set("tool_calls", toolCalls);
    }
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return choice;
  }
}
