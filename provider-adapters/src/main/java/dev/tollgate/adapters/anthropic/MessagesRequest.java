package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import java.io.IOException;

/** Builds the body of {@code POST /v1/messages} from an OpenAI chat request, or a legacy completions one. */
final class MessagesRequest {
  private MessagesRequest() {}

  static byte[] body(OpenAiRequest request, String upstreamModel) throws InvalidRequestException {
    JsonNode client;
    try {
      client = AnthropicJson.tree(request.body());
    } catch (IOException e) {
      throw new IllegalStateException("a parsed request is JSON", e);
    }
    JsonNode chat = request.endpoint() == OpenAiEndpoint.COMPLETIONS ? LegacyPrompt.asChat(client) : client;
    Inexpressible.refuse(chat);
    Conversation conversation = Conversation.of(chat.get("messages"));
    ObjectNode body = AnthropicJson.MAPPER.createObjectNode();
    body.put("model", upstreamModel);
    body.put("max_tokens", request.maxTokens().orElse(Anthropic.DEFAULT_MAX_TOKENS));
    if (conversation.system() != null) {
      body.set("system", conversation.system());
    }
    body.set("messages", conversation.turns());
    copyNumber(chat, "temperature", body);
    copyNumber(chat, "top_p", body);
    stopSequences(chat.get("stop"), body);
    if (request.stream()) {
      body.put("stream", true);
    }
    Tools.translate(chat, body);
    String user = AnthropicJson.string(chat, "user");
    if (user != null && !user.isEmpty()) {
      body.putObject("metadata").put("user_id", user);
    }
    return AnthropicJson.bytes(body);
  }

  private static void copyNumber(JsonNode chat, String name, ObjectNode body) throws InvalidRequestException {
    JsonNode value = chat.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isNumber()) {
      throw new InvalidRequestException("Invalid type for '" + name + "': expected a number.", name);
    }
    body.set(name, value);
  }

  private static void stopSequences(JsonNode stop, ObjectNode body) throws InvalidRequestException {
    if (stop == null || stop.isNull()) {
      return;
    }
    ArrayNode sequences = AnthropicJson.MAPPER.createArrayNode();
    if (stop.isTextual()) {
      sequences.add(stop.asText());
    } else if (stop.isArray()) {
      for (JsonNode s : stop) {
        if (!s.isTextual()) {
          throw new InvalidRequestException("Invalid 'stop': expected a string or an array of strings.", "stop");
        }
        sequences.add(s.asText());
      }
    } else {
      throw new InvalidRequestException("Invalid 'stop': expected a string or an array of strings.", "stop");
    }
    if (!sequences.isEmpty()) {
      body.set("stop_sequences", sequences);
    }
  }
}
