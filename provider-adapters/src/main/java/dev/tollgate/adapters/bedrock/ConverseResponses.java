package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.Usage;
import java.io.IOException;

/** A Converse answer as an OpenAI {@code chat.completion}: text blocks joined, tool uses as tool calls. */
final class ConverseResponses {
  private ConverseResponses() {}

  static TranslatedResponse translate(ChatAnswer answer, byte[] body) {
    JsonNode converse;
    try {
      converse = BedrockJson.MAPPER.readTree(body);
    } catch (IOException e) {
      converse = null;
    }
    if (converse == null || !converse.path("output").path("message").isObject()) {
      return new UpstreamFailure(
          502, "server_error", "upstream_invalid_response", "upstream returned a body that is not a Converse answer",
          null, true);
    }
    StringBuilder text = new StringBuilder();
    ArrayNode calls = BedrockJson.MAPPER.createArrayNode();
    long completionEstimate = 0;
    for (JsonNode block : converse.path("output").path("message").path("content")) {
      if (block.path("text").isTextual()) {
        text.append(block.path("text").asText());
      } else if (block.path("toolUse").isObject()) {
        JsonNode use = block.path("toolUse");
        ObjectNode call = calls.addObject();
        call.put("id", use.path("toolUseId").asText());
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", use.path("name").asText());
        String arguments = use.path("input").isMissingNode() ? "{}" : use.path("input").toString();
        function.put("arguments", arguments);
        completionEstimate += answer.estimator().countText(use.path("name").asText())
            + answer.estimator().countText(arguments);
      }
    }
    completionEstimate += answer.estimator().countText(text.toString());
    Usage usage = converse.path("usage").isObject()
        ? ChatAnswer.usage(converse.path("usage"))
        : answer.estimate(completionEstimate);

    ObjectNode completion = answer.head("chat.completion");
    ObjectNode choice = completion.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (text.length() > 0 || calls.isEmpty()) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    message.putNull("refusal"); // required by OpenAI's response schema; Bedrock refuses through guardrails instead
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", ChatAnswer.finishReason(converse.path("stopReason").asText(null)));
    completion.set("usage", ChatAnswer.usageJson(usage));
    return new TranslatedResponse.Success(BedrockJson.bytes(completion), usage);
  }
}
