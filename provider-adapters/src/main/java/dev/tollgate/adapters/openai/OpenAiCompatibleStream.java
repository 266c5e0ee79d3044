package dev.tollgate.adapters.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.adapters.json.JsonMembers.Member;
import dev.tollgate.adapters.sse.SseEvent;
import dev.tollgate.adapters.sse.SseListener;
import dev.tollgate.adapters.sse.SseOverflowException;
import dev.tollgate.adapters.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One OpenAI-compatible stream, event by event: the alias replaces the upstream model; for a client that did not
 * ask for usage, the usage-only chunk and the {@code "usage":null} members vanish (Portkey-AI/gateway#1629: clients
 * crash on a chunk they never asked for); usage is captured either way; an upstream error event passes through;
 * a stream that stops before {@code [DONE]} ends with an error event, never a clean close
 * (Portkey-AI/gateway#1797). A chunk with neither choices nor usage (Azure's {@code prompt_filter_results} chunk)
 * is dropped.
 */
final class OpenAiCompatibleStream implements StreamTranslator, SseListener {
  static final byte[] DONE = bytes("data: [DONE]\n\n");
  static final byte[] CUT_EVENT = bytes("data: {\"error\":{\"message\":\"upstream stream ended before completion\","
      + "\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_stream_cut\"}}\n\n");
  private static final byte[] OVERSIZED_EVENT = bytes("data: {\"error\":{\"message\":\"upstream sent an oversized "
      + "event\",\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_protocol_error\"}}\n\n");
  private static final byte[] ANONYMOUS_ERROR_EVENT = bytes("data: {\"error\":{\"message\":\"upstream reported an "
      + "error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] DATA_PREFIX = bytes("data: ");
  private static final byte[] EVENT_END = bytes("\n\n");

  private final Exchange exchange;
  private final SseParser parser = new SseParser(this);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Usage reported;
  private boolean finalUsageSeen;
  private long completionTokensSeen;
  private boolean done;
  private UpstreamFailure failure;
  private StreamEnd end;

  OpenAiCompatibleStream(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public byte[] translate(byte[] upstreamBytes) {
    if (end != null || terminated()) {
      return EMPTY;
    }
    try {
      parser.feed(upstreamBytes);
    } catch (SseOverflowException e) {
      failure = new UpstreamFailure(502, "server_error", "upstream_protocol_error", e.getMessage(), null, false);
      out.writeBytes(OVERSIZED_EVENT);
    }
    byte[] translated = out.toByteArray();
    out.reset();
    return translated;
  }

  @Override
  public StreamEnd finish() {
    if (end == null) {
      end = ending();
    }
    return end;
  }

  private StreamEnd ending() {
    if (done || failure != null) {
      return new StreamEnd(EMPTY, reportedOrEstimated(), failure);
    } else if (finalUsageSeen) {
      // everything, usage included, arrived: only the terminator was lost
      return new StreamEnd(DONE, reported, null);
    }
    // a usage seen on a content chunk is a running count, not the final one
    return new StreamEnd(CUT_EVENT, exchange.estimate(completionTokensSeen), UpstreamErrors.STREAM_CUT);
  }

  private Usage reportedOrEstimated() {
    return reported != null ? reported : exchange.estimate(completionTokensSeen);
  }

  @Override
  public void onComment(String comment) {
    if (!terminated()) {
      // keep-alives keep the client's connection (and its proxies) open during a slow first token
      out.writeBytes(bytes(":" + comment + "\n\n"));
    }
  }

  @Override
  public void onEvent(SseEvent event) {
    if (terminated()) {
      return;
    }
    if (event.dataIs("[DONE]")) {
      done = true;
      out.writeBytes(DONE);
      return;
    }
    JsonMembers chunk;
    try {
      chunk = JsonMembers.scan(event.data());
    } catch (IOException e) {
      chunk = null;
    }
    if (chunk != null && chunk.has("error")) {
      failure = UpstreamErrors.embedded(event.data(), UpstreamErrors.MID_STREAM_STATUS, false);
      writeData(event.data());
    } else if ("error".equals(event.event())) {
      failure = UpstreamErrors.embedded(event.data(), UpstreamErrors.MID_STREAM_STATUS, false);
      out.writeBytes(ANONYMOUS_ERROR_EVENT);
    } else if (chunk == null) {
      writeData(event.data()); // not ours to judge; the client's SDK will
    } else {
      chunk(chunk, event.data());
    }
  }

  private void chunk(JsonMembers chunk, byte[] data) {
    Optional<Member> usage = chunk.get("usage");
    boolean noChoices = chunk.get("choices").map(c -> isEmptyArray(chunk, c)).orElse(false);
    if (noChoices && (usage.isEmpty() || usage.get().kind() != JsonToken.START_OBJECT)) {
      // neither a choice nor usage: Azure's first chunk, which holds only prompt_filter_results and an empty
      // "object" that OpenAI's chunk schema refuses; clients read nothing from it
      return;
    }
    boolean usageOnly = false;
    try {
      if (usage.isPresent() && usage.get().kind() == JsonToken.START_OBJECT) {
        reported = UsageReader.read(chunk.raw(usage.get()));
        usageOnly = chunk.get("choices").map(c -> isEmptyArray(chunk, c)).orElse(true);
        finalUsageSeen |= usageOnly;
      }
      completionTokensSeen += CompletionText.tokens(chunk, exchange.estimator());
    } catch (IOException e) {
      // the chunk scanned as JSON a moment ago; nothing to count if its insides are odd
    }
    if (usageOnly && !exchange.clientWantsUsage()) {
      return;
    }
    Map<String, String> changes = new HashMap<>();
    if (chunk.has("model")) {
      changes.put("model", JsonMembers.quote(exchange.alias()));
    }
    if (usage.isPresent() && !exchange.clientWantsUsage()) {
      changes.put("usage", null);
    }
    writeData(changes.isEmpty() ? data : chunk.rewrite(changes));
  }

  private static boolean isEmptyArray(JsonMembers chunk, Member member) {
    if (member.kind() != JsonToken.START_ARRAY) {
      return false;
    }
    for (byte b : chunk.raw(member)) {
      if (b != '[' && b != ']' && b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private void writeData(byte[] data) {
    out.writeBytes(DATA_PREFIX);
    out.writeBytes(data);
    out.writeBytes(EVENT_END);
  }

  private boolean terminated() {
    return done || failure != null;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
