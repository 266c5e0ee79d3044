package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code messages} as Anthropic's {@code system} and alternating {@code messages}: system and developer
 * messages are lifted out; user content parts, assistant text and {@code tool_calls}, and {@code tool} results
 * become content blocks; consecutive turns of one role are merged; a turn of a single text block is sent as a
 * string; empty text is left out, since Anthropic refuses empty text blocks.
 *
 * @param system the system prompt (a string, or text blocks when there were several), or null
 * @param turns the messages
 */
record Conversation(JsonNode system, ArrayNode turns) {
  private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL);

  static Conversation of(JsonNode messages) throws InvalidRequestException {
    List<String> system = new ArrayList<>();
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      String role = AnthropicJson.string(message, "role");
      if (role == null) {
        throw new InvalidRequestException("Missing required parameter: '" + at + ".role'.", at + ".role");
      }
      switch (role) {
        case "system", "developer" -> systemText(message.get("content"), at, system);
        case "user" -> add(turns, "user", userBlocks(message.get("content"), at));
        case "assistant" -> add(turns, "assistant", assistantBlocks(message, at));
        case "tool" -> add(turns, "user", List.of(toolResult(message, at)));
        default -> throw new InvalidRequestException("Invalid value for '" + at + ".role': '" + role
            + "' is not supported for Anthropic models.", at + ".role");
      }
    }
    if (turns.isEmpty()) {
      throw new InvalidRequestException(
          "Anthropic models need at least one user or assistant message besides system messages.", "messages");
    }
    ArrayNode out = AnthropicJson.MAPPER.createArrayNode();
    for (Turn turn : turns) {
      ObjectNode message = out.addObject().put("role", turn.role);
      if (turn.blocks.size() == 1 && "text".equals(turn.blocks.get(0).path("type").asText())
          && turn.blocks.get(0).size() == 2) {
        message.put("content", turn.blocks.get(0).path("text").asText());
      } else {
        message.putArray("content").addAll(turn.blocks);
      }
    }
    return new Conversation(systemPrompt(system), out);
  }

  private static JsonNode systemPrompt(List<String> texts) {
    if (texts.isEmpty()) {
      return null;
    } else if (texts.size() == 1) {
      return AnthropicJson.MAPPER.getNodeFactory().textNode(texts.get(0));
    }
    ArrayNode blocks = AnthropicJson.MAPPER.createArrayNode();
    texts.forEach(text -> blocks.add(text(text)));
    return blocks;
  }

  private static void add(List<Turn> turns, String role, List<ObjectNode> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && last.role.equals(role)) {
      last.blocks.addAll(blocks);
    } else {
      turns.add(new Turn(role, new ArrayList<>(blocks)));
    }
  }

  private static void systemText(JsonNode content, String at, List<String> system) throws InvalidRequestException {
    for (ObjectNode block : textBlocks(content, at)) {
      system.add(block.path("text").asText());
    }
  }

  /** Content that may only hold text: a string, or text parts (refusals count as text on an assistant turn). */
  private static List<ObjectNode> textBlocks(JsonNode content, String at) throws InvalidRequestException {
    List<ObjectNode> blocks = new ArrayList<>();
    if (content == null || content.isNull()) {
      return blocks;
    } else if (content.isTextual()) {
      addText(blocks, content.asText());
      return blocks;
    } else if (!content.isArray()) {
      throw new InvalidRequestException("Invalid type for '" + at + ".content': expected a string or an array.",
          at + ".content");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText();
      if (type.equals("text") || type.equals("refusal")) {
        addText(blocks, part.path(type).asText(""));
      } else {
        throw new InvalidRequestException("Invalid content part type '" + type + "' in this message.",
            at + ".content[" + j + "].type");
      }
    }
    return blocks;
  }

  private static List<ObjectNode> userBlocks(JsonNode content, String at) throws InvalidRequestException {
    if (content == null || !content.isArray()) {
      return textBlocks(content, at);
    }
    List<ObjectNode> blocks = new ArrayList<>();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      switch (part.path("type").asText()) {
        case "text" -> addText(blocks, part.path("text").asText(""));
        case "image_url" -> blocks.add(image(part.path("image_url"), partAt + ".image_url.url"));
        default -> throw new InvalidRequestException("Content part type '" + part.path("type").asText()
            + "' is not supported for Anthropic models; use text and image_url.", partAt + ".type");
      }
    }
    return blocks;
  }

  private static ObjectNode image(JsonNode imageUrl, String at) throws InvalidRequestException {
    String url = imageUrl.isTextual() ? imageUrl.asText() : AnthropicJson.string(imageUrl, "url");
    if (url == null) {
      throw new InvalidRequestException("Missing required parameter: '" + at + "'.", at);
    }
    ObjectNode block = AnthropicJson.MAPPER.createObjectNode().put("type", "image");
    Matcher data = DATA_URL.matcher(url);
    if (data.matches()) {
      block.putObject("source").put("type", "base64").put("media_type", data.group(1)).put("data", data.group(2));
    } else if (url.startsWith("https://") || url.startsWith("http://")) {
      block.putObject("source").put("type", "url").put("url", url);
    } else {
      throw new InvalidRequestException("Invalid image URL: expected a base64 data URL or an http(s) URL.", at);
    }
    return block;
  }

  private static List<ObjectNode> assistantBlocks(JsonNode message, String at) throws InvalidRequestException {
    List<ObjectNode> blocks = textBlocks(message.get("content"), at);
    JsonNode calls = message.get("tool_calls");
    if (calls == null || calls.isNull()) {
      return blocks;
    }
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String callAt = at + ".tool_calls[" + j + "]";
      String id = AnthropicJson.string(call, "id");
      String name = AnthropicJson.string(call.path("function"), "name");
      if (id == null || name == null) {
        throw new InvalidRequestException("A tool call needs an 'id' and a 'function.name'.", callAt);
      }
      ObjectNode use = AnthropicJson.MAPPER.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
      use.set("input", arguments(call.path("function").get("arguments"), callAt + ".function.arguments"));
      blocks.add(use);
    }
    return blocks;
  }

  /** OpenAI carries arguments as a JSON string; Anthropic wants the object. */
  private static JsonNode arguments(JsonNode arguments, String at) throws InvalidRequestException {
    if (arguments == null || arguments.isNull() || arguments.asText().isBlank()) {
      return AnthropicJson.MAPPER.createObjectNode();
    }
    try {
      JsonNode input = AnthropicJson.MAPPER.readTree(arguments.asText());
      if (input != null && input.isObject()) {
        return input;
      }
    } catch (IOException e) {
      // refused below
    }
    throw new InvalidRequestException("Invalid '" + at + "': expected a JSON object in a string.", at);
  }

  private static ObjectNode toolResult(JsonNode message, String at) throws InvalidRequestException {
    String id = AnthropicJson.string(message, "tool_call_id");
    if (id == null) {
      throw new InvalidRequestException("Missing required parameter: '" + at + ".tool_call_id'.",
          at + ".tool_call_id");
    }
    ObjectNode result = AnthropicJson.MAPPER.createObjectNode().put("type", "tool_result").put("tool_use_id", id);
    JsonNode content = message.get("content");
    if (content != null && content.isTextual()) {
      if (!content.asText().isEmpty()) {
        result.put("content", content.asText());
      }
    } else {
      List<ObjectNode> blocks = textBlocks(content, at);
      if (!blocks.isEmpty()) {
        result.putArray("content").addAll(blocks);
      }
    }
    return result;
  }

  private static void addText(List<ObjectNode> blocks, String text) {
    if (!text.isEmpty()) {
      blocks.add(text(text));
    }
  }

  private static ObjectNode text(String text) {
    return AnthropicJson.MAPPER.createObjectNode().put("type", "text").put("text", text);
  }

  /** One Anthropic message being assembled. */
  private record Turn(String role, List<ObjectNode> blocks) {}
}
