package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.bedrock.eventstream.EventStreamDecoder;
import dev.tollgate.adapters.bedrock.eventstream.EventStreamException;
import dev.tollgate.adapters.bedrock.eventstream.EventStreamMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One ConverseStream answer, decoded from the AWS event stream and written as OpenAI {@code chat.completion.chunk}s:
 * {@code messageStart} becomes the role chunk, text deltas content chunks, a {@code toolUse} block start a tool call
 * chunk with id and name and its input fragments argument chunks (tool calls numbered from 0 in order of
 * appearance), {@code messageStop} the chunk with {@code finish_reason}, and {@code metadata} (the usage, always
 * last) the usage chunk when the client asked for it, then {@code data: [DONE]}.
 *
 * <p>An {@code exception} message ends the stream with an SSE error event and a failure; so does a corrupt message
 * (a checksum mismatch): nothing after it is trusted. Before the first chunk, the error event waits for
 * {@link #finish()} and a 408, 429 or 5xx stays retryable, so that the edge may still fail over. A body that ends before {@code metadata} is a cut stream: an
 * error event, never {@code [DONE]}, and usage estimated from what was seen.
 */
final class ConverseStreamTranslator implements StreamTranslator {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] DONE = bytes("data: [DONE]\n\n");
  static final UpstreamFailure STREAM_CUT = new UpstreamFailure(
      502, "server_error", "upstream_stream_cut", null, "upstream stream ended before completion", null, false);
  private static final UpstreamFailure CORRUPT = new UpstreamFailure(
      502, "server_error", "upstream_protocol_error", null, "upstream sent a corrupt event stream", null, false);

  private final ChatAnswer answer;
  private final EventStreamDecoder decoder = new EventStreamDecoder();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private long completionTokensSeen;
  private boolean emitted;
  private byte[] heldError = EMPTY;
  private Usage reported;
  private boolean done;
  private UpstreamFailure failure;
  private StreamEnd end;

  ConverseStreamTranslator(ChatAnswer answer) {
    this.answer = answer;
  }

  @Override
  public byte[] translate(byte[] upstreamBytes) {
    if (end != null || terminated()) {
      return EMPTY;
    }
    try {
      decoder.feed(upstreamBytes, message -> {
        if (!terminated()) {
          onMessage(message);
        }
      });
    } catch (EventStreamException e) {
      if (!terminated()) {
        fail(CORRUPT);
      }
    }
    byte[] translated = out.toByteArray();
    out.reset();
    return translated;
  }

  @Override
  public StreamEnd finish() {
    if (end == null) {
      if (done) {
        end = new StreamEnd(EMPTY, reportedOrEstimated(), null);
      } else if (failure != null) {
        end = new StreamEnd(heldError, reportedOrEstimated(), failure);
      } else {
        end = new StreamEnd(errorEvent(STREAM_CUT), reportedOrEstimated(), STREAM_CUT);
      }
    }
    return end;
  }

  private void onMessage(EventStreamMessage message) {
    String messageType = message.header(":message-type");
    if ("exception".equals(messageType)) {
      fail(BedrockErrors.fromStream(message.header(":exception-type"), message.payload()));
      return;
    } else if ("error".equals(messageType)) {
      String code = message.header(":error-code");
      String text = message.header(":error-message");
      fail(BedrockErrors.fromStream(code, bytes("{\"message\":" + BedrockJson.MAPPER.valueToTree(
          text == null ? "" : text) + "}")));
      return;
    }
    JsonNode payload;
    try {
      payload = BedrockJson.MAPPER.readTree(message.payload());
    } catch (IOException e) {
      fail(CORRUPT);
      return;
    }
    if (payload == null) {
      return;
    }
    String type = message.header(":event-type");
    if (type == null) {
      return;
    }
    switch (type) {
      case "messageStart" -> chunk(delta().put("role", "assistant").put("content", ""), null);
      case "contentBlockStart" -> blockStart(payload);
      case "contentBlockDelta" -> blockDelta(payload);
      case "messageStop" -> chunk(delta(), ChatAnswer.finishReason(payload.path("stopReason").asText(null)));
      case "metadata" -> metadata(payload);
      default -> { } // contentBlockStop and events added later carry nothing a chunk needs
    }
  }

  private void blockStart(JsonNode payload) {
    JsonNode toolUse = payload.path("start").path("toolUse");
    if (!toolUse.isObject()) {
      return;
    }
    int index = toolIndexByBlock.size();
    toolIndexByBlock.put(payload.path("contentBlockIndex").asInt(), index);
    ObjectNode call = BedrockJson.MAPPER.createObjectNode();
    call.put("index", index);
    call.put("id", toolUse.path("toolUseId").asText());
    call.put("type", "function");
    call.putObject("function").put("name", toolUse.path("name").asText()).put("arguments", "");
    completionTokensSeen += answer.estimator().countText(toolUse.path("name").asText());
    ObjectNode delta = delta();
    delta.putArray("tool_calls").add(call);
    chunk(delta, null);
  }

  private void blockDelta(JsonNode payload) {
    JsonNode delta = payload.path("delta");
    if (delta.path("text").isTextual()) {
      String text = delta.path("text").asText();
      completionTokensSeen += answer.estimator().countText(text);
      chunk(delta().put("content", text), null);
    } else if (delta.path("toolUse").path("input").isTextual()) {
      Integer index = toolIndexByBlock.get(payload.path("contentBlockIndex").asInt());
      if (index == null) {
        return; // input for a block that never started as a tool use: nothing to attach it to
      }
      String fragment = delta.path("toolUse").path("input").asText();
      completionTokensSeen += answer.estimator().countText(fragment);
      ObjectNode call = BedrockJson.MAPPER.createObjectNode();
      call.put("index", index);
      call.putObject("function").put("arguments", fragment);
      ObjectNode chunkDelta = delta();
      chunkDelta.putArray("tool_calls").add(call);
      chunk(chunkDelta, null);
    }
  }

  private void metadata(JsonNode payload) {
    reported = payload.path("usage").isObject() ? ChatAnswer.usage(payload.path("usage")) : null;
    if (answer.clientWantsUsage()) {
      ObjectNode chunk = answer.head("chat.completion.chunk");
      chunk.putArray("choices");
      chunk.set("usage", ChatAnswer.usageJson(reportedOrEstimated()));
      data(chunk);
    }
    done = true;
    out.writeBytes(DONE);
  }

  private void chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = answer.head("chat.completion.chunk");
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (answer.clientWantsUsage()) {
      chunk.putNull("usage");
    }
    data(chunk);
  }

  /**
   * Ends the stream on an error. Before any chunk, the error event is held for {@link #finish()} and a 408, 429 or
   * 5xx stays retryable, so that the edge can still fail over (a throttled ConverseStream often fails first thing).
   */
  private void fail(UpstreamFailure cause) {
    if (emitted) {
      failure = cause;
      out.writeBytes(errorEvent(cause));
      return;
    }
    int status = cause.status();
    boolean retryable = status == 408 || status == 429 || status >= 500;
    failure = new UpstreamFailure(status, cause.type(), cause.code(), cause.param(), cause.message(),
        cause.retryAfterMs(), retryable);
    heldError = errorEvent(failure);
  }

  private static byte[] errorEvent(UpstreamFailure failure) {
    ObjectNode event = BedrockJson.MAPPER.createObjectNode();
    ObjectNode error = event.putObject("error");
    error.put("message", failure.message());
    error.put("type", failure.type());
    error.putNull("param");
    error.put("code", failure.code());
    ByteArrayOutputStream sse = new ByteArrayOutputStream();
    sse.writeBytes(bytes("data: "));
    sse.writeBytes(BedrockJson.bytes(event));
    sse.writeBytes(bytes("\n\n"));
    return sse.toByteArray();
  }

  private void data(ObjectNode chunk) {
    emitted = true;
    out.writeBytes(bytes("data: "));
    out.writeBytes(BedrockJson.bytes(chunk));
    out.writeBytes(bytes("\n\n"));
  }

  private Usage reportedOrEstimated() {
    return reported != null ? reported : answer.estimate(completionTokensSeen);
  }

  private boolean terminated() {
    return done || failure != null;
  }

  private static ObjectNode delta() {
    return BedrockJson.MAPPER.createObjectNode();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
