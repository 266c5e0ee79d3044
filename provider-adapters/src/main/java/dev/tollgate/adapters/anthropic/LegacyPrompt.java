package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;

/**
 * A legacy {@code /v1/completions} request as the chat request it amounts to: the prompt becomes one user message,
 * and the sampling parameters the two endpoints share are kept. What only the legacy endpoint has and Anthropic
 * cannot do ({@code echo}, {@code suffix}, {@code best_of}, {@code logprobs}, several prompts, token-id prompts) is
 * refused.
 */
final class LegacyPrompt {
  private static final String[] SHARED = {"temperature", "top_p", "stop", "user", "n", "presence_penalty",
      "frequency_penalty", "logit_bias"};

  private LegacyPrompt() {}

  static JsonNode asChat(JsonNode completion) throws InvalidRequestException {
    if (completion.path("echo").asBoolean(false)) {
      throw new InvalidRequestException("'echo' is not supported for Anthropic models.", "echo");
    }
    if (present(completion, "suffix")) {
      throw new InvalidRequestException("'suffix' is not supported for Anthropic models.", "suffix");
    }
    if (completion.path("best_of").asInt(1) > 1) {
      throw new InvalidRequestException("'best_of' must be 1 for Anthropic models.", "best_of");
    }
    if (present(completion, "logprobs")) {
      throw new InvalidRequestException(
          "Anthropic models do not return log probabilities; 'logprobs' is not supported.", "logprobs");
    }
    ObjectNode chat = AnthropicJson.MAPPER.createObjectNode();
    chat.putArray("messages").addObject().put("role", "user").put("content", prompt(completion.get("prompt")));
    for (String name : SHARED) {
      if (completion.has(name)) {
        chat.set(name, completion.get(name));
      }
    }
    return chat;
  }

  private static String prompt(JsonNode prompt) throws InvalidRequestException {
    if (prompt.isTextual()) {
      return prompt.asText();
    } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      return prompt.get(0).asText();
    }
    throw new InvalidRequestException(
        "Anthropic models take one text prompt per request; 'prompt' must be a string.", "prompt");
  }

  private static boolean present(JsonNode node, String name) {
    return node.has(name) && !node.get(name).isNull();
  }
}
