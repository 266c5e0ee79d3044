package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;

/** OpenAI's {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} in Anthropic's terms. */
final class Tools {
  private Tools() {}

  static void translate(JsonNode chat, ObjectNode body) throws InvalidRequestException {
    JsonNode tools = chat.get("tools");
    if (tools != null && !tools.isNull()) {
      if (!tools.isArray()) {
        throw new InvalidRequestException("Invalid type for 'tools': expected an array.", "tools");
      }
      ArrayNode out = body.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        out.add(tool(tools.get(i), "tools[" + i + "]"));
      }
    }
    ObjectNode choice = choice(chat.get("tool_choice"));
    if (chat.path("parallel_tool_calls").isBoolean() && !chat.get("parallel_tool_calls").asBoolean()
        && tools != null && !tools.isNull()) {
      if (choice == null) {
        choice = AnthropicJson.MAPPER.createObjectNode().put("type", "auto");
      }
      if (!"none".equals(choice.path("type").asText())) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      body.set("tool_choice", choice);
    }
  }

  private static ObjectNode tool(JsonNode tool, String at) throws InvalidRequestException {
    if (!"function".equals(tool.path("type").asText())) {
      throw new InvalidRequestException("Only function tools are supported for Anthropic models.", at + ".type");
    }
    JsonNode function = tool.path("function");
    String name = AnthropicJson.string(function, "name");
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("Missing required parameter: '" + at + ".function.name'.",
          at + ".function.name");
    }
    ObjectNode out = AnthropicJson.MAPPER.createObjectNode().put("name", name);
    String description = AnthropicJson.string(function, "description");
    if (description != null) {
      out.put("description", description);
    }
    JsonNode parameters = function.get("parameters");
    if (parameters != null && parameters.isObject()) {
      out.set("input_schema", parameters);
    } else {
      // OpenAI allows a function without parameters; Anthropic requires a schema
      ObjectNode empty = out.putObject("input_schema").put("type", "object");
      empty.putObject("properties");
    }
    return out;
  }

  private static ObjectNode choice(JsonNode choice) throws InvalidRequestException {
    if (choice == null || choice.isNull()) {
      return null;
    }
    ObjectNode out = AnthropicJson.MAPPER.createObjectNode();
    if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> out.put("type", "auto");
        case "none" -> out.put("type", "none");
        case "required" -> out.put("type", "any");
        default -> throw new InvalidRequestException("Invalid value for 'tool_choice': expected 'none', 'auto', "
            + "'required' or a named function.", "tool_choice");
      }
      return out;
    }
    String name = AnthropicJson.string(choice.path("function"), "name");
    if (!"function".equals(choice.path("type").asText()) || name == null) {
      throw new InvalidRequestException("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or "
          + "{\"type\":\"function\",\"function\":{\"name\":…}}.", "tool_choice");
    }
    return out.put("type", "tool").put("name", name);
  }
}
