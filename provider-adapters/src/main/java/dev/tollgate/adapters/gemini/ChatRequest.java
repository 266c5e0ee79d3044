package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@code GenerateContentRequest} from an OpenAI chat request. Every top-level member is either translated,
 * knowingly ignored (it changes nothing Gemini does), or refused with a 400 naming it: a gateway that silently drops
 * {@code logit_bias} would answer a different question than the one asked.
 */
final class ChatRequest {
  /** Members that only matter to OpenAI's own platform (storage, routing, abuse tracking) or that Gemini does anyway. */
  private static final Set<String> IGNORED = Set.of("model", "stream", "stream_options", "user", "store", "metadata",
      "parallel_tool_calls", "service_tier", "safety_identifier", "prompt_cache_key");
  /** Gemini's OpenAI-compatibility layer uses the same budgets for {@code reasoning_effort}. */
  private static final Map<String, Integer> THINKING_BUDGETS =
      Map.of("none", 0, "minimal", 1024, "low", 1024, "medium", 8192, "high", 24576);

  private final OpenAiRequest request;
  private final JsonNode body;
  private final ArrayNode contents = GeminiJson.object().arrayNode();
  private final ArrayNode system = GeminiJson.object().arrayNode();
  /** The function name of every tool call seen so far, by id: tool messages only carry the id. */
  private final Map<String, String> toolNames = new HashMap<>();
  private ObjectNode pendingResponses;

  private ChatRequest(OpenAiRequest request, JsonNode body) {
    this.request = request;
    this.body = body;
  }

  static byte[] build(OpenAiRequest request) throws InvalidRequestException {
    JsonNode body;
    try {
      body = GeminiJson.tree(request.body());
    } catch (IOException e) {
      throw new IllegalStateException("a parsed request is JSON", e);
    }
    return GeminiJson.bytes(new ChatRequest(request, body).translate());
  }

  private ObjectNode translate() throws InvalidRequestException {
    ObjectNode generation = GeminiJson.object();
    ObjectNode out = GeminiJson.object();
    for (var field : body.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull() || IGNORED.contains(name)) {
        continue;
      }
      switch (name) {
        case "messages" -> messages(value);
        case "temperature" -> generation.set("temperature", number(value, name));
        case "top_p" -> generation.set("topP", number(value, name));
        case "max_tokens", "max_completion_tokens" -> { } // read once below: the newer name wins
        case "n" -> generation.put("candidateCount", request.n());
        case "stop" -> generation.set("stopSequences", stop(value));
        case "presence_penalty" -> generation.set("presencePenalty", number(value, name));
        case "frequency_penalty" -> generation.set("frequencyPenalty", number(value, name));
        case "seed" -> generation.set("seed", integer(value, name));
        case "response_format" -> responseFormat(value, generation);
        case "reasoning_effort" -> generation.set("thinkingConfig", thinking(value));
        case "tools" -> tools(value, out);
        case "tool_choice" -> out.set("toolConfig", toolConfig(value));
        case "logprobs" -> {
          if (value.asBoolean(true)) {
            throw unsupported(name);
          }
        }
        default -> throw unsupported(name);
      }
    }
    request.maxTokens().ifPresent(max -> generation.put("maxOutputTokens", max));
    ObjectNode gemini = GeminiJson.object();
    gemini.set("contents", contents);
    if (out.has("tools")) {
      gemini.set("tools", out.get("tools"));
    }
    if (out.has("toolConfig")) {
      gemini.set("toolConfig", out.get("toolConfig"));
    }
    if (!system.isEmpty()) {
      gemini.set("systemInstruction", GeminiJson.object().set("parts", system));
    }
    if (!generation.isEmpty()) {
      gemini.set("generationConfig", generation);
    }
    return gemini;
  }

  private void messages(JsonNode messages) throws InvalidRequestException {
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw new InvalidRequestException("Invalid type for '" + at + "': expected an object.", at);
      }
      String role = message.path("role").asText("");
      switch (role) {
        case "system", "developer" -> textParts(message.get("content"), at, system);
        case "user" -> add("user", userParts(message.get("content"), at));
        case "assistant" -> add("model", assistantParts(message, at));
        case "tool" -> functionResponse(toolName(message, at), message.get("content"), at);
        case "function" -> functionResponse(message.path("name").asText(""), message.get("content"), at);
        default -> throw new InvalidRequestException(
            "Invalid value for '" + at + ".role': '" + role + "' is not supported.", at + ".role");
      }
    }
    if (contents.isEmpty()) {
      throw new InvalidRequestException(
          "Gemini needs at least one user, assistant or tool message besides system messages.", "messages");
    }
  }

  private void add(String role, ArrayNode parts) {
    pendingResponses = null;
    if (parts.isEmpty()) {
      return; // Gemini refuses a content without parts; an assistant turn with nothing in it says nothing
    }
    ObjectNode content = contents.addObject();
    content.put("role", role);
    content.set("parts", parts);
  }

  private ArrayNode userParts(JsonNode content, String at) throws InvalidRequestException {
    ArrayNode parts = contents.arrayNode();
    if (content == null || content.isNull()) {
      throw new InvalidRequestException("Missing required parameter: '" + at + ".content'.", at + ".content");
    }
    if (content.isTextual()) {
      parts.addObject().put("text", content.asText());
      return parts;
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      String type = part.path("type").asText("");
      switch (type) {
        case "text" -> parts.addObject().put("text", part.path("text").asText(""));
        case "image_url" -> parts.add(image(part.path("image_url"), partAt));
        default -> throw new InvalidRequestException(
            "Content part type '" + type + "' is not supported by Gemini.", partAt + ".type");
      }
    }
    return parts;
  }

  /** A data URL travels inline; any other URL as {@code fileData}, which Gemini fetches itself. */
  private static ObjectNode image(JsonNode imageUrl, String at) throws InvalidRequestException {
    String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
    ObjectNode part = GeminiJson.object();
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String meta = comma < 0 ? "" : url.substring(5, comma);
      if (!meta.endsWith(";base64")) {
        throw new InvalidRequestException("Invalid image data URL: only base64 data URLs are supported.",
            at + ".image_url.url");
      }
      ObjectNode inline = part.putObject("inlineData");
      inline.put("mimeType", meta.substring(0, meta.length() - ";base64".length()));
      inline.put("data", url.substring(comma + 1));
    } else if (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("gs://")) {
      part.putObject("fileData").put("fileUri", url);
    } else {
      throw new InvalidRequestException("Invalid image URL: expected a data URL or an http(s) URL.",
          at + ".image_url.url");
    }
    return part;
  }

  private ArrayNode assistantParts(JsonNode message, String at) throws InvalidRequestException {
    ArrayNode parts = contents.arrayNode();
    JsonNode content = message.get("content");
    if (content != null && !content.isNull()) {
      textParts(content, at, parts);
    }
    JsonNode calls = message.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String callAt = at + ".tool_calls[" + j + "]";
      String name = call.path("function").path("name").asText("");
      if (name.isEmpty()) {
        throw new InvalidRequestException("Missing required parameter: '" + callAt + ".function.name'.",
            callAt + ".function.name");
      }
      String id = call.path("id").asText("");
      toolNames.put(id, name);
      ObjectNode part = parts.addObject();
      ObjectNode functionCall = part.putObject("functionCall");
      functionCall.put("name", name);
      functionCall.set("args", arguments(call.path("function").path("arguments"), callAt + ".function.arguments"));
      ThoughtSignatures.of(id).ifPresent(signature -> part.put("thoughtSignature", signature));
    }
    return parts;
  }

  private static JsonNode arguments(JsonNode arguments, String at) throws InvalidRequestException {
    String text = arguments.asText("");
    if (text.isBlank()) {
      return GeminiJson.object();
    }
    try {
      JsonNode parsed = GeminiJson.tree(text.getBytes(StandardCharsets.UTF_8));
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (IOException e) {
      // refused below
    }
    throw new InvalidRequestException("Invalid '" + at + "': expected a JSON object in a string.", at);
  }

  private String toolName(JsonNode message, String at) throws InvalidRequestException {
    String id = message.path("tool_call_id").asText("");
    String name = toolNames.get(id);
    if (name == null) {
      throw new InvalidRequestException("Invalid '" + at + ".tool_call_id': no preceding assistant tool call has"
          + " the id '" + id + "'.", at + ".tool_call_id");
    }
    return name;
  }

  /**
   * A tool's answer, as a {@code functionResponse} in a user turn; consecutive answers share one turn, as Gemini
   * expects the answers to one model turn's calls together. Gemini wants an object: a JSON object answer goes as
   * it is, any other text as {@code {"content": text}}.
   */
  private void functionResponse(String name, JsonNode content, String at) throws InvalidRequestException {
    if (name.isEmpty()) {
      throw new InvalidRequestException("Missing required parameter: '" + at + ".name'.", at + ".name");
    }
    ArrayNode texts = contents.arrayNode();
    if (content != null && !content.isNull()) {
      textParts(content, at, texts);
    }
    StringBuilder text = new StringBuilder();
    texts.forEach(t -> text.append(t.path("text").asText()));
    JsonNode response = null;
    try {
      response = GeminiJson.tree(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // not JSON: wrapped below
    }
    if (response == null || !response.isObject()) {
      response = GeminiJson.object().put("content", text.toString());
    }
    if (pendingResponses == null) {
      pendingResponses = contents.addObject();
      pendingResponses.put("role", "user");
      pendingResponses.putArray("parts");
    }
    ObjectNode functionResponse = ((ArrayNode) pendingResponses.get("parts")).addObject()
        .putObject("functionResponse");
    functionResponse.put("name", name);
    functionResponse.set("response", response);
  }

  /** Text content, a string or an array of text parts, each becoming one Gemini text part. */
  private static void textParts(JsonNode content, String at, ArrayNode into) throws InvalidRequestException {
    if (content == null || content.isNull()) {
      throw new InvalidRequestException("Missing required parameter: '" + at + ".content'.", at + ".content");
    }
    if (content.isTextual()) {
      into.addObject().put("text", content.asText());
      return;
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText("");
      if (type.equals("text")) {
        into.addObject().put("text", part.path("text").asText(""));
      } else if (!type.equals("refusal")) {
        throw new InvalidRequestException("Content part type '" + type + "' is not supported in this message.",
            at + ".content[" + j + "].type");
      }
    }
  }

  private static ArrayNode stop(JsonNode stop) throws InvalidRequestException {
    ArrayNode sequences = GeminiJson.object().arrayNode();
    if (stop.isTextual()) {
      sequences.add(stop.asText());
      return sequences;
    }
    for (JsonNode sequence : stop) {
      if (!sequence.isTextual()) {
        throw new InvalidRequestException("Invalid type for 'stop': expected a string or an array of strings.",
            "stop");
      }
      sequences.add(sequence);
    }
    return sequences;
  }

  private static void responseFormat(JsonNode format, ObjectNode generation) throws InvalidRequestException {
    String type = format.path("type").asText("");
    switch (type) {
      case "text" -> { }
      case "json_object" -> generation.put("responseMimeType", "application/json");
      case "json_schema" -> {
        generation.put("responseMimeType", "application/json");
        JsonNode schema = format.path("json_schema").get("schema");
        if (schema != null && !schema.isNull()) {
          // Gemini takes JSON Schema as it is here, no conversion to its OpenAPI subset needed
          generation.set("responseJsonSchema", schema);
        }
      }
      default -> throw new InvalidRequestException(
          "Invalid value for 'response_format.type': '" + type + "' is not supported by Gemini.",
          "response_format.type");
    }
  }

  private static ObjectNode thinking(JsonNode effort) throws InvalidRequestException {
    Integer budget = THINKING_BUDGETS.get(effort.asText(""));
    if (budget == null) {
      throw new InvalidRequestException("Invalid value for 'reasoning_effort': '" + effort.asText() + "'.",
          "reasoning_effort");
    }
    return GeminiJson.object().put("thinkingBudget", budget);
  }

  private static void tools(JsonNode tools, ObjectNode out) throws InvalidRequestException {
    ArrayNode declarations = GeminiJson.object().arrayNode();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!"function".equals(tool.path("type").asText())) {
        throw new InvalidRequestException("Tool type '" + tool.path("type").asText() + "' is not supported by"
            + " Gemini.", "tools[" + i + "].type");
      }
      JsonNode function = tool.path("function");
      ObjectNode declaration = declarations.addObject();
      declaration.put("name", function.path("name").asText(""));
      if (function.hasNonNull("description")) {
        declaration.set("description", function.get("description"));
      }
      if (function.hasNonNull("parameters")) {
        // JSON Schema as OpenAI clients write it; parametersJsonSchema accepts it unconverted
        declaration.set("parametersJsonSchema", function.get("parameters"));
      }
    }
    if (!declarations.isEmpty()) {
      out.putArray("tools").addObject().set("functionDeclarations", declarations);
    }
  }

  private static ObjectNode toolConfig(JsonNode choice) throws InvalidRequestException {
    ObjectNode config = GeminiJson.object();
    ObjectNode calling = config.putObject("functionCallingConfig");
    if (choice.isTextual()) {
      String mode = switch (choice.asText()) {
        case "auto" -> "AUTO";
        case "none" -> "NONE";
        case "required" -> "ANY";
        default -> throw new InvalidRequestException(
            "Invalid value for 'tool_choice': '" + choice.asText() + "'.", "tool_choice");
      };
      calling.put("mode", mode);
      return config;
    }
    String name = choice.path("function").path("name").asText("");
    if (!"function".equals(choice.path("type").asText()) || name.isEmpty()) {
      throw new InvalidRequestException("Invalid value for 'tool_choice': Gemini supports 'auto', 'none',"
          + " 'required' and a named function.", "tool_choice");
    }
    calling.put("mode", "ANY");
    calling.putArray("allowedFunctionNames").add(name);
    return config;
  }

  private static JsonNode number(JsonNode value, String name) throws InvalidRequestException {
    if (!value.isNumber()) {
      throw new InvalidRequestException("Invalid type for '" + name + "': expected a number.", name);
    }
    return value;
  }

  private static JsonNode integer(JsonNode value, String name) throws InvalidRequestException {
    if (!value.isIntegralNumber()) {
      throw new InvalidRequestException("Invalid type for '" + name + "': expected an integer.", name);
    }
    return value;
  }

  private static InvalidRequestException unsupported(String name) {
    return new InvalidRequestException("Unsupported parameter: '" + name + "' is not supported with Gemini models.",
        name);
  }
}
