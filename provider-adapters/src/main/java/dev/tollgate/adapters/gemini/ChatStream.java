package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One {@code streamGenerateContent?alt=sse} stream, each {@code data:} event a whole
 * {@code GenerateContentResponse} holding the next piece of each candidate, as OpenAI chunks: the first delta of a
 * choice carries {@code role}, text pieces become {@code content} deltas, each {@code functionCall} part one
 * complete tool-call delta (Gemini never splits one), a finish reason its own chunk with an empty delta.
 *
 * <p>Gemini sends no terminator: the stream is complete once every choice has a finish reason. Usage comes in the
 * {@code usageMetadata} of the events, running counts until the final one; the usage chunk (for a client that
 * asked, with {@code "usage":null} on every other chunk) and {@code [DONE]} follow the event that finishes the last
 * choice when it carries the final count ({@code candidatesTokenCount}), otherwise the end of the body. A body that ends before every choice finished is cut: an
 * error event, never {@code [DONE]}, and an estimated usage (Gemini's prompt count when one arrived).
 */
final class ChatStream implements StreamTranslator, SseListener {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] DONE = bytes("data: [DONE]\n\n");

  private final ChatExchange exchange;
  private final SseParser parser = new SseParser(this);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Set<Integer> started = new HashSet<>();
  private final Set<Integer> finished = new HashSet<>();
  /** Tool calls so far per choice: the index of a choice's next tool-call delta. */
  private final Map<Integer, Integer> toolCalls = new HashMap<>();
  private String id;
  private JsonNode lastMetadata;
  private long completionTokensSeen;
  private boolean done;
  private UpstreamFailure failure;
  private StreamEnd end;

  ChatStream(ChatExchange exchange) {
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
      fail(new UpstreamFailure(502, "server_error", "upstream_protocol_error", e.getMessage(), null, false));
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
    if (failure != null) {
      return new StreamEnd(EMPTY, estimate(), failure);
    } else if (done) {
      return new StreamEnd(EMPTY, usage(), null);
    } else if (allFinished()) {
      // every choice finished but the last event carried no usage: end here
      complete();
      byte[] rest = out.toByteArray();
      out.reset();
      return new StreamEnd(rest, usage(), null);
    }
    fail(GeminiErrors.STREAM_CUT);
    byte[] rest = out.toByteArray();
    out.reset();
    return new StreamEnd(rest, estimate(), GeminiErrors.STREAM_CUT);
  }

  @Override
  public void onEvent(SseEvent event) {
    if (terminated()) {
      return;
    }
    JsonNode response;
    try {
      response = GeminiJson.tree(event.data());
    } catch (IOException e) {
      response = null;
    }
    if (response == null || !response.isObject() && !response.isArray()) {
      fail(new UpstreamFailure(
          502, "server_error", "upstream_protocol_error", "upstream sent an event that is not JSON", null, false));
      return;
    }
    if (GeminiErrors.isError(response)) {
      fail(GeminiErrors.embedded(event.data()));
      return;
    }
    if (id == null) {
      id = ChatExchange.id(response);
    }
    JsonNode metadata = response.get("usageMetadata");
    if (metadata != null && metadata.isObject()) {
      lastMetadata = metadata;
    }
    JsonNode candidates = response.path("candidates");
    if (candidates.isEmpty() && response.path("promptFeedback").hasNonNull("blockReason")) {
      blocked();
    }
    ArrayNode deltas = GeminiJson.object().arrayNode();
    ArrayNode finishes = GeminiJson.object().arrayNode();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate candidate = Candidate.read(candidates.get(i), i, exchange);
      completionTokensSeen += candidate.tokens(exchange.estimator());
      ObjectNode delta = delta(candidate);
      if (!delta.isEmpty()) {
        deltas.add(choice(candidate.index(), delta, null));
      }
      if (candidate.finishReason() != null && finished.add(candidate.index())) {
        boolean called = toolCalls.getOrDefault(candidate.index(), 0) > 0;
        finishes.add(choice(candidate.index(), GeminiJson.object(),
            Candidate.finishReason(candidate.finishReason(), called)));
      }
    }
    if (!deltas.isEmpty()) {
      writeChunk(deltas);
    }
    if (!finishes.isEmpty()) {
      writeChunk(finishes);
    }
    if (allFinished() && metadata != null && metadata.has("candidatesTokenCount")) {
      // the final count, which comes with the last finish reason; a running count would under-meter
      complete();
    }
  }

  /** The prompt was refused: every choice ends, empty, with {@code content_filter}. */
  private void blocked() {
    ArrayNode finishes = GeminiJson.object().arrayNode();
    for (int i = 0; i < exchange.choices(); i++) {
      if (finished.add(i)) {
        ObjectNode delta = GeminiJson.object();
        if (started.add(i)) {
          delta.put("role", "assistant");
          delta.putNull("content");
        }
        finishes.add(choice(i, delta, "content_filter"));
      }
    }
    writeChunk(finishes);
  }

  private ObjectNode delta(Candidate candidate) {
    ObjectNode delta = GeminiJson.object();
    boolean hasContent = candidate.text() != null || !candidate.toolCalls().isEmpty();
    if (!hasContent) {
      return delta;
    }
    if (started.add(candidate.index())) {
      delta.put("role", "assistant");
    }
    delta.put("content", candidate.text());
    if (!candidate.toolCalls().isEmpty()) {
      ArrayNode calls = delta.putArray("tool_calls");
      for (ObjectNode call : candidate.toolCalls()) {
        int next = toolCalls.merge(candidate.index(), 1, Integer::sum) - 1;
        ObjectNode indexed = calls.addObject();
        indexed.put("index", next);
        indexed.setAll(call);
      }
    }
    return delta;
  }

  private ObjectNode choice(int index, ObjectNode delta, String finishReason) {
    ObjectNode choice = GeminiJson.object();
    choice.put("index", index);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return choice;
  }

  private void writeChunk(ArrayNode choices) {
    ObjectNode chunk = header();
    chunk.set("choices", choices);
    if (exchange.clientWantsUsage()) {
      chunk.putNull("usage");
    }
    writeData(chunk);
  }

  private ObjectNode header() {
    ObjectNode chunk = GeminiJson.object();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", exchange.created());
    chunk.put("model", exchange.alias());
    return chunk;
  }

  /** The usage chunk when the client asked for it, then the terminator Gemini never sends. */
  private void complete() {
    done = true;
    if (exchange.clientWantsUsage()) {
      ObjectNode chunk = header();
      chunk.putArray("choices");
      chunk.set("usage", UsageMetadata.openAi(usage()));
      writeData(chunk);
    }
    out.writeBytes(DONE);
  }

  private void fail(UpstreamFailure failure) {
    this.failure = failure;
    ObjectNode event = GeminiJson.object();
    ObjectNode error = event.putObject("error");
    error.put("message", failure.message());
    error.put("type", failure.type());
    error.putNull("param");
    error.put("code", failure.code());
    writeData(event);
  }

  /** Gemini's final count; an estimate when only running counts came and text was generated. */
  private Usage usage() {
    if (lastMetadata == null || !lastMetadata.has("candidatesTokenCount") && completionTokensSeen > 0) {
      return estimate();
    }
    return UsageMetadata.read(lastMetadata);
  }

  /** An unfinished stream's usage: Gemini's prompt count when one came, the text seen counted locally. */
  private Usage estimate() {
    long prompt = lastMetadata != null && lastMetadata.path("promptTokenCount").asLong(0) > 0
        ? UsageMetadata.read(lastMetadata).promptTokens()
        : exchange.promptEstimate();
    return Usage.estimated(prompt, completionTokensSeen);
  }

  private boolean allFinished() {
    return finished.size() >= exchange.choices();
  }

  private boolean terminated() {
    return done || failure != null;
  }

  private void writeData(JsonNode data) {
    out.writeBytes(bytes("data: "));
    out.writeBytes(GeminiJson.bytes(data));
    out.writeBytes(bytes("\n\n"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
