package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Usage;
import java.io.IOException;

/** A complete Anthropic Message as an OpenAI {@code chat.completion}, or a legacy {@code text_completion}. */
final class ChatCompletion {
  private ChatCompletion() {}

  static TranslatedResponse translate(Exchange exchange, byte[] body) {
    JsonNode message;
    try {
      message = AnthropicJson.tree(body);
    } catch (IOException e) {
      return AnthropicErrors.invalidResponse("upstream returned a body that is not JSON");
    }
    if (message == null || !"message".equals(AnthropicJson.string(message, "type"))) {
      return AnthropicErrors.invalidResponse("upstream returned a body that is not a message");
    }
    StringBuilder text = new StringBuilder();
    ArrayNode calls = AnthropicJson.MAPPER.createArrayNode();
    boolean thought = false;
    long visible = 0;
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText(""));
        case "tool_use" -> {
          ObjectNode call = calls.addObject().put("id", block.path("id").asText()).put("type", "function");
          String arguments = AnthropicJson.text(block.path("input"));
          call.putObject("function").put("name", block.path("name").asText()).put("arguments", arguments);
          visible += exchange.estimator().countText(block.path("name").asText())
              + exchange.estimator().countText(arguments);
        }
        case "thinking", "redacted_thinking" -> thought = true;
        default -> { } // server tool blocks and later kinds have no OpenAI counterpart
      }
    }
    visible += exchange.estimator().countText(text.toString());
    Usage usage;
    if (message.path("usage").isObject()) {
      TokenTally tally = new TokenTally();
      tally.read(message.get("usage"));
      usage = tally.reported(thought, visible);
    } else {
      usage = exchange.estimate(visible);
    }
    ObjectNode completion = exchange.answer(message.path("id").asText(), false, exchange.now());
    ObjectNode choice = completion.putArray("choices").addObject();
    String finishReason = StopReasons.finishReason(AnthropicJson.string(message, "stop_reason"));
    if (exchange.legacy()) {
      choice.put("text", text.toString()).put("index", 0).putNull("logprobs");
      choice.put("finish_reason", finishReason);
    } else {
      choice.put("index", 0);
      ObjectNode out = choice.putObject("message").put("role", "assistant");
      if (text.length() > 0) {
        out.put("content", text.toString());
      } else {
        out.putNull("content");
      }
      out.putNull("refusal");
      if (!calls.isEmpty()) {
        out.set("tool_calls", calls);
      }
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason);
    }
    completion.set("usage", TokenTally.openAiUsage(usage));
    return new TranslatedResponse.Success(AnthropicJson.bytes(completion), usage);
  }
}
