package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One Gemini candidate (or, in a stream, one event's piece of it) read in OpenAI's terms: its text parts joined
 * (thought summaries left out: OpenAI's chat format has no place for them), its {@code functionCall} parts as
 * tool calls whose arguments are the JSON text of {@code args}, and its finish reason.
 *
 * @param index the choice index
 * @param text the joined text, or null when the candidate had no text part
 * @param toolCalls OpenAI tool calls: {@code id}, {@code type}, {@code function.name}, {@code function.arguments}
 * @param finishReason Gemini's finish reason, or null while the candidate is still being generated
 */
record Candidate(int index, String text, List<ObjectNode> toolCalls, String finishReason) {
  private static final Set<String> FILTERED =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  static Candidate read(JsonNode candidate, int position, ChatExchange exchange) {
    StringBuilder text = null;
    List<ObjectNode> calls = new ArrayList<>();
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue;
      }
      if (part.has("text")) {
        text = text == null ? new StringBuilder() : text;
        text.append(part.path("text").asText(""));
      } else if (part.has("functionCall")) {
        calls.add(toolCall(part, exchange));
      }
    }
    String finish = candidate.path("finishReason").asText(null);
    return new Candidate(candidate.path("index").asInt(position), text == null ? null : text.toString(),
        List.copyOf(calls), finish);
  }

  private static ObjectNode toolCall(JsonNode part, ChatExchange exchange) {
    JsonNode functionCall = part.get("functionCall");
    ObjectNode call = GeminiJson.object();
    String id = functionCall.path("id").asText("");
    call.put("id", ThoughtSignatures.toolCallId(id.isEmpty() ? exchange.nextToolCallId() : id,
        part.path("thoughtSignature").asText("")));
    call.put("type", "function");
    ObjectNode function = call.putObject("function");
    function.put("name", functionCall.path("name").asText(""));
    JsonNode args = functionCall.get("args");
    function.put("arguments", args == null || args.isNull() ? "{}" : GeminiJson.text(args));
    return call;
  }

  /**
   * OpenAI's finish reason: {@code STOP} is {@code stop}, or {@code tool_calls} when the choice called a function;
   * {@code MAX_TOKENS} is {@code length}; the safety, recitation and block-list reasons are {@code content_filter};
   * anything else (e.g. {@code OTHER}, {@code MALFORMED_FUNCTION_CALL}) is {@code stop}.
   */
  static String finishReason(String gemini, boolean calledTools) {
    if ("MAX_TOKENS".equals(gemini)) {
      return "length";
    } else if (FILTERED.contains(gemini)) {
      return "content_filter";
    }
    return calledTools ? "tool_calls" : "stop";
  }

  /** Tokens of what was generated, for an estimate. */
  long tokens(TokenEstimator estimator) {
    long tokens = estimator.countText(text);
    for (ObjectNode call : toolCalls) {
      tokens += estimator.countText(call.path("function").path("name").asText())
          + estimator.countText(call.path("function").path("arguments").asText());
    }
    return tokens;
  }
}
