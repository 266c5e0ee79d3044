package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a Converse request body from an OpenAI chat request
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html). What Converse cannot express
 * is refused with a 400 naming the parameter, never dropped silently.
 */
final class ConverseRequests {
  /** Parameters read here, or harmless to ignore ({@code user}, {@code parallel_tool_calls}). */
  private static final Set<String> UNDERSTOOD = Set.of("model", "messages", "stream", "stream_options",
      "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "tools", "tool_choice", "n", "user",
      "parallel_tool_calls");
  private static final Pattern DATA_URL = Pattern.compile("data:image/([a-zA-Z0-9.+-]+);base64,(.*)", Pattern.DOTALL);
  private static final Map<String, String> IMAGE_FORMATS =
      Map.of("png", "png", "jpeg", "jpeg", "jpg", "jpeg", "gif", "gif", "webp", "webp");

  private ConverseRequests() {}

  static byte[] body(OpenAiRequest request) throws InvalidRequestException {
    JsonNode root;
    try {
      root = BedrockJson.MAPPER.readTree(request.body());
    } catch (IOException e) {
      throw new InvalidRequestException("We could not parse the JSON body of your request.", null);
    }
    refuseUnsupported(root, request);
    ObjectNode converse = BedrockJson.MAPPER.createObjectNode();
    ArrayNode system = BedrockJson.MAPPER.createArrayNode();
    converse.set("messages", messages(root.path("messages"), system));
    if (!system.isEmpty()) {
      converse.set("system", system);
    }
    ObjectNode inference = inferenceConfig(root, request);
    if (!inference.isEmpty()) {
      converse.set("inferenceConfig", inference);
    }
    ObjectNode tools = toolConfig(root);
    if (tools != null) {
      converse.set("toolConfig", tools);
    }
    return BedrockJson.bytes(converse);
  }

  private static void refuseUnsupported(JsonNode root, OpenAiRequest request) throws InvalidRequestException {
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!UNDERSTOOD.contains(field.getKey()) && !field.getValue().isNull()) {
        throw new InvalidRequestException(
            "Unsupported parameter: '" + field.getKey() + "' is not supported by AWS Bedrock's Converse API.",
            field.getKey());
      }
    }
    if (request.n() != 1) {
      throw new InvalidRequestException("Unsupported value: 'n' must be 1 with AWS Bedrock's Converse API.", "n");
    }
  }

  private static ArrayNode messages(JsonNode messages, ArrayNode system) throws InvalidRequestException {
    ArrayNode out = BedrockJson.MAPPER.createArrayNode();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText("");
      String param = "messages[" + i + "]";
      switch (role) {
        case "system", "developer" -> texts(message.path("content"), param + ".content").forEach(system::add);
        case "user" -> append(out, "user", userContent(message.path("content"), param + ".content"));
        case "assistant" -> append(out, "assistant", assistantContent(message, param));
        case "tool" -> append(out, "user", toolResult(message, param));
        default -> throw new InvalidRequestException("Invalid value for '" + param + ".role': '" + role
            + "' is not supported by AWS Bedrock's Converse API.", param + ".role");
      }
    }
    if (out.isEmpty()) {
      throw new InvalidRequestException("AWS Bedrock's Converse API needs at least one user message.", "messages");
    }
    return out;
  }

  /** Converse wants user and assistant turns to alternate: consecutive turns of one role become one message. */
  private static void append(ArrayNode messages, String role, ArrayNode content) {
    if (content.isEmpty()) {
      return;
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.get("content")).addAll(content);
      return;
    }
    ObjectNode message = messages.addObject();
    message.put("role", role);
    message.set("content", content);
  }

  private static ArrayNode texts(JsonNode content, String param) throws InvalidRequestException {
    ArrayNode blocks = BedrockJson.MAPPER.createArrayNode();
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        blocks.addObject().put("text", content.asText());
      }
    } else if (content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        if (!"text".equals(part.path("type").asText())) {
          throw new InvalidRequestException("Invalid content part type '" + part.path("type").asText()
              + "' here: AWS Bedrock takes text only.", param + "[" + j + "].type");
        }
        blocks.addObject().put("text", part.path("text").asText());
      }
    } else if (!content.isMissingNode() && !content.isNull()) {
      throw new InvalidRequestException("Invalid type for '" + param + "': expected a string or an array.", param);
    }
    return blocks;
  }

  private static ArrayNode userContent(JsonNode content, String param) throws InvalidRequestException {
    if (!content.isArray()) {
      return texts(content, param);
    }
    ArrayNode blocks = BedrockJson.MAPPER.createArrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText();
      if (type.equals("text")) {
        blocks.addObject().put("text", part.path("text").asText());
      } else if (type.equals("image_url")) {
        blocks.add(image(part.path("image_url").path("url").asText(""), param + "[" + j + "].image_url.url"));
      } else {
        throw new InvalidRequestException("Invalid content part type '" + type
            + "': AWS Bedrock takes text and image_url parts.", param + "[" + j + "].type");
      }
    }
    return blocks;
  }

  /** Converse takes image bytes only: a data URL is decoded to its format and base64; a web URL is refused. */
  private static ObjectNode image(String url, String param) throws InvalidRequestException {
    Matcher data = DATA_URL.matcher(url);
    if (!data.matches()) {
      throw new InvalidRequestException("AWS Bedrock takes images as data URLs (data:image/png;base64,…) only; "
          + "it cannot fetch an image from a URL.", param);
    }
    String format = IMAGE_FORMATS.get(data.group(1).toLowerCase(Locale.ROOT));
    if (format == null) {
      throw new InvalidRequestException("Unsupported image type 'image/" + data.group(1)
          + "': AWS Bedrock takes png, jpeg, gif and webp.", param);
    }
    ObjectNode block = BedrockJson.MAPPER.createObjectNode();
    ObjectNode image = block.putObject("image");
    image.put("format", format);
    image.putObject("source").put("bytes", data.group(2));
    return block;
  }

  private static ArrayNode assistantContent(JsonNode message, String param) throws InvalidRequestException {
    ArrayNode blocks = texts(message.path("content"), param + ".content");
    JsonNode calls = message.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      JsonNode function = calls.get(j).path("function");
      ObjectNode toolUse = blocks.addObject().putObject("toolUse");
      toolUse.put("toolUseId", calls.get(j).path("id").asText());
      toolUse.put("name", function.path("name").asText());
      toolUse.set("input", arguments(function.path("arguments").asText(""),
          param + ".tool_calls[" + j + "].function.arguments"));
    }
    return blocks;
  }

  private static JsonNode arguments(String arguments, String param) throws InvalidRequestException {
    if (arguments.isBlank()) {
      return BedrockJson.MAPPER.createObjectNode();
    }
    try {
      JsonNode input = BedrockJson.MAPPER.readTree(arguments);
      if (input != null && input.isObject()) {
        return input;
      }
    } catch (IOException e) {
      // refused below
    }
    throw new InvalidRequestException("AWS Bedrock needs tool call arguments that are a JSON object.", param);
  }

  private static ArrayNode toolResult(JsonNode message, String param) throws InvalidRequestException {
    ArrayNode blocks = BedrockJson.MAPPER.createArrayNode();
    ObjectNode result = blocks.addObject().putObject("toolResult");
    result.put("toolUseId", message.path("tool_call_id").asText());
    ArrayNode content = texts(message.path("content"), param + ".content");
    if (content.isEmpty()) {
      content.addObject().put("text", "");
    }
    result.set("content", content);
    return blocks;
  }

  private static ObjectNode inferenceConfig(JsonNode root, OpenAiRequest request) throws InvalidRequestException {
    ObjectNode config = BedrockJson.MAPPER.createObjectNode();
    request.maxTokens().ifPresent(max -> config.put("maxTokens", max));
    number(root, "temperature", config, "temperature");
    number(root, "top_p", config, "topP");
    JsonNode stop = root.path("stop");
    if (stop.isTextual()) {
      config.putArray("stopSequences").add(stop.asText());
    } else if (stop.isArray()) {
      config.set("stopSequences", stop);
    } else if (!stop.isMissingNode() && !stop.isNull()) {
      throw new InvalidRequestException("Invalid type for 'stop': expected a string or an array of strings.", "stop");
    }
    return config;
  }

  private static void number(JsonNode root, String name, ObjectNode config, String converseName)
      throws InvalidRequestException {
    JsonNode value = root.path(name);
    if (value.isNumber()) {
      config.set(converseName, value);
    } else if (!value.isMissingNode() && !value.isNull()) {
      throw new InvalidRequestException("Invalid type for '" + name + "': expected a number.", name);
    }
  }

  private static ObjectNode toolConfig(JsonNode root) throws InvalidRequestException {
    JsonNode tools = root.path("tools");
    JsonNode choice = root.path("tool_choice");
    if (!tools.isArray() || tools.isEmpty()) {
      if (!choice.isMissingNode() && !choice.isNull()) {
        throw new InvalidRequestException("'tool_choice' is only allowed when 'tools' are given.", "tool_choice");
      }
      return null;
    }
    ObjectNode config = BedrockJson.MAPPER.createObjectNode();
    ArrayNode specs = config.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode function = tools.get(i).path("function");
      if (!"function".equals(tools.get(i).path("type").asText()) || !function.path("name").isTextual()) {
        throw new InvalidRequestException("AWS Bedrock takes function tools with a name only.", "tools[" + i + "]");
      }
      ObjectNode spec = specs.addObject().putObject("toolSpec");
      spec.put("name", function.path("name").asText());
      if (function.path("description").isTextual()) {
        spec.put("description", function.path("description").asText());
      }
      JsonNode parameters = function.path("parameters");
      spec.putObject("inputSchema").set("json", parameters.isObject()
          ? parameters
          : BedrockJson.MAPPER.createObjectNode().put("type", "object").set("properties",
              BedrockJson.MAPPER.createObjectNode()));
    }
    if (!choice.isMissingNode() && !choice.isNull()) {
      config.set("toolChoice", toolChoice(choice));
    }
    return config;
  }

  private static ObjectNode toolChoice(JsonNode choice) throws InvalidRequestException {
    ObjectNode converse = BedrockJson.MAPPER.createObjectNode();
    if (choice.isTextual() && choice.asText().equals("auto")) {
      converse.putObject("auto");
    } else if (choice.isTextual() && choice.asText().equals("required")) {
      converse.putObject("any");
    } else if (choice.isObject() && choice.path("function").path("name").isTextual()) {
      converse.putObject("tool").put("name", choice.path("function").path("name").asText());
    } else if (choice.isTextual() && choice.asText().equals("none")) {
      throw new InvalidRequestException("'tool_choice: none' is not supported by AWS Bedrock's Converse API; "
          + "leave out 'tools' instead.", "tool_choice");
    } else {
      throw new InvalidRequestException("Invalid value for 'tool_choice'.", "tool_choice");
    }
    return converse;
  }
}
