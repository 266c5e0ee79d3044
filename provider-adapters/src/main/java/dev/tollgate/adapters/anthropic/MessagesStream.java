package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.sse.SseEvent;
import dev.tollgate.adapters.sse.SseListener;
import dev.tollgate.adapters.sse.SseOverflowException;
import dev.tollgate.adapters.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One Messages event stream as OpenAI {@code chat.completion.chunk}s (legacy {@code text_completion} chunks, which
 * have no role chunk and no tool calls, for {@code /v1/completions}), all with the message's id:
 *
 * <ul>
 *   <li>{@code message_start}: the first chunk, with the assistant role and empty content;
 *   <li>{@code content_block_start} of a {@code tool_use}: a tool-call delta with its index (counted among tool
 *       calls), id, name and empty arguments; {@code input_json_delta}s then carry the argument fragments, and
 *       {@code text_delta}s the content;
 *   <li>thinking blocks, {@code content_block_stop}, {@code ping} and unknown events: nothing;
 *   <li>{@code message_delta}: the chunk with the finish reason (the usage it carries is recorded);
 *   <li>{@code message_stop}: the usage chunk when the client asked for one ({@code "usage":null} is then on every
 *       other chunk, as OpenAI does), then {@code [DONE]};
 *   <li>{@code error}: an OpenAI error event, and the failure recorded;
 *   <li>a stream that ends before {@code message_stop}: an error event, never a clean close, with the provider's
 *       usage when {@code message_delta} brought it, else an estimate.
 * </ul>
 */
final class MessagesStream implements StreamTranslator, SseListener {
  private static final byte[] DONE = bytes("data: [DONE]\n\n");
  private static final byte[] EMPTY = new byte[0];

  private final Exchange exchange;
  private final SseParser parser = new SseParser(this);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final TokenTally tally = new TokenTally();
  private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();
  private String id = "msg_unknown";
  private long created;
  private boolean started;
  private boolean finalUsage;
  private boolean thought;
  private long visibleTokens;
  private boolean done;
  private UpstreamFailure failure;
  private StreamEnd end;

  MessagesStream(Exchange exchange) {
    this.exchange = exchange;
    this.created = exchange.now();
  }

  @Override
  public byte[] translate(byte[] upstreamBytes) {
    if (end != null || terminated()) {
      return EMPTY;
    }
    try {
      parser.feed(upstreamBytes);
    } catch (SseOverflowException e) {
      fail(new UpstreamFailure(502, "server_error", "upstream_protocol_error", null, "upstream sent an oversized event",
          null, false));
    }
    byte[] translated = out.toByteArray();
    out.reset();
    return translated;
  }

  @Override
  public StreamEnd finish() {
    if (end == null) {
      if (done) {
        end = new StreamEnd(EMPTY, usage(), null);
      } else if (failure != null) {
        end = new StreamEnd(EMPTY, usage(), failure);
      } else {
        end = new StreamEnd(errorEvent(AnthropicErrors.STREAM_CUT), usage(), AnthropicErrors.STREAM_CUT);
      }
    }
    return end;
  }

  /** The provider's figures once {@code message_delta} gave the final ones; an estimate otherwise. */
  private Usage usage() {
    if (finalUsage) {
      return tally.reported(thought, visibleTokens);
    }
    long completion = Math.max(visibleTokens, tally.outputTokens());
    return tally.seen() ? tally.withEstimatedCompletion(completion) : exchange.estimate(completion);
  }

  @Override
  public void onEvent(SseEvent sse) {
    if (terminated()) {
      return;
    }
    JsonNode event;
    try {
      event = AnthropicJson.tree(sse.data());
    } catch (IOException e) {
      event = null;
    }
    if (event == null || !event.isObject()) {
      fail(new UpstreamFailure(502, "server_error", "upstream_protocol_error", null,
          "upstream sent an event that is not JSON", null, false));
      return;
    }
    switch (event.path("type").asText()) {
      case "message_start" -> messageStart(event.path("message"));
      case "content_block_start" -> blockStart(event.path("index").asInt(), event.path("content_block"));
      case "content_block_delta" -> blockDelta(event.path("index").asInt(), event.path("delta"));
      case "message_delta" -> messageDelta(event);
      case "message_stop" -> messageStop();
      case "error" -> fail(AnthropicErrors.midStream(event));
      default -> { } // ping, content_block_stop, and event types added later
    }
  }

  private void messageStart(JsonNode message) {
    if (message.path("id").isTextual()) {
      id = message.get("id").asText();
    }
    tally.read(message.path("usage"));
    start();
  }

  /** The first chunk carries the role; written once, even if a broken stream skipped {@code message_start}. */
  private void start() {
    if (!started && !exchange.legacy()) {
      started = true;
      ObjectNode delta = AnthropicJson.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
      write(chunk(delta, null));
    }
  }

  private void blockStart(int index, JsonNode block) {
    switch (block.path("type").asText()) {
      case "text" -> text(block.path("text").asText(""));
      case "tool_use" -> {
        start();
        int call = toolCallOfBlock.size();
        toolCallOfBlock.put(index, call);
        String name = block.path("name").asText();
        visibleTokens += exchange.estimator().countText(name);
        ObjectNode toolCall = toolCall(call).put("id", block.path("id").asText()).put("type", "function");
        toolCall.putObject("function").put("name", name).put("arguments", "");
        write(toolCallChunk(toolCall));
      }
      case "thinking", "redacted_thinking" -> thought = true;
      default -> { }
    }
  }

  private void blockDelta(int index, JsonNode delta) {
    switch (delta.path("type").asText()) {
      case "text_delta" -> text(delta.path("text").asText(""));
      case "input_json_delta" -> {
        Integer call = toolCallOfBlock.get(index);
        String fragment = delta.path("partial_json").asText("");
        if (call != null && !fragment.isEmpty()) {
          start();
          visibleTokens += exchange.estimator().countText(fragment);
          ObjectNode toolCall = toolCall(call);
          toolCall.putObject("function").put("arguments", fragment);
          write(toolCallChunk(toolCall));
        }
      }
      default -> { } // thinking, signatures and citations have no place in a chat chunk
    }
  }

  private void text(String text) {
    if (!text.isEmpty()) {
      start();
      visibleTokens += exchange.estimator().countText(text);
      write(chunk(AnthropicJson.MAPPER.createObjectNode().put(exchange.legacy() ? "text" : "content", text), null));
    }
  }

  private void messageDelta(JsonNode event) {
    if (event.path("usage").isObject()) {
      tally.read(event.get("usage"));
      finalUsage = true;
    }
    String stopReason = AnthropicJson.string(event.path("delta"), "stop_reason");
    start();
    write(chunk(AnthropicJson.MAPPER.createObjectNode(), StopReasons.finishReason(stopReason)));
  }

  private void messageStop() {
    if (exchange.clientWantsUsage()) {
      ObjectNode chunk = exchange.answer(id, true, created);
      chunk.putArray("choices");
      chunk.set("usage", TokenTally.openAiUsage(usage()));
      write(chunk);
    }
    out.writeBytes(DONE);
    done = true;
  }

  private void fail(UpstreamFailure cause) {
    failure = cause;
    out.writeBytes(errorEvent(cause));
  }

  /** A chat chunk with {@code delta}, or for the legacy endpoint a choice holding the delta's {@code text}. */
  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = exchange.answer(id, true, created);
    ObjectNode choice = chunk.putArray("choices").addObject();
    if (exchange.legacy()) {
      choice.put("text", delta.path("text").asText("")).put("index", 0);
    } else {
      choice.put("index", 0).set("delta", delta);
    }
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (exchange.clientWantsUsage()) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  private ObjectNode toolCallChunk(ObjectNode toolCall) {
    ObjectNode delta = AnthropicJson.MAPPER.createObjectNode();
    delta.putArray("tool_calls").add(toolCall);
    return chunk(delta, null);
  }

  private static ObjectNode toolCall(int index) {
    return AnthropicJson.MAPPER.createObjectNode().put("index", index);
  }

  private void write(ObjectNode chunk) {
    out.writeBytes(bytes("data: "));
    out.writeBytes(AnthropicJson.bytes(chunk));
    out.writeBytes(bytes("\n\n"));
  }

  private static byte[] errorEvent(UpstreamFailure failure) {
    ObjectNode error = AnthropicJson.MAPPER.createObjectNode();
    error.putObject("error")
        .put("message", failure.message())
        .put("type", failure.type())
        .putNull("param")
        .put("code", failure.code());
    return bytes("data: " + AnthropicJson.text(error) + "\n\n");
  }

  private boolean terminated() {
    return done || failure != null;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
