package dev.tollgate.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.sse.SseEvent;
import dev.tollgate.adapters.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every translator must do, whatever the provider: each provider runs it against its own transcripts (the
 * scenario names below must exist under {@code transcripts/<provider>/}). Subclasses only name the provider.
 */
public abstract class TranslatorContract {
  private final String provider;

  /**
   * The contract for one provider.
   *
   * @param provider the folder under {@code transcripts/}
   */
  protected TranslatorContract(String provider) {
    this.provider = provider;
  }

  @Test
  void streamsEndWithDone() throws Exception {
    Transcript.Replay replay = replay("chat-streaming");

    List<SseEvent> events = events(replay.client());

    assertTrue(events.get(events.size() - 1).dataIs("[DONE]"), "last event is [DONE]");
    assertNull(replay.failure());
  }

  @Test
  void usageIsCapturedWhenTheClientDidNotAsk() throws Exception {
    Transcript transcript = transcript("chat-streaming");

    Transcript.Replay replay = transcript.replay(null);

    assertFalse(transcript.request().includeUsage());
    assertFalse(replay.usage().estimated(), "the provider's own usage");
    assertTrue(replay.usage().promptTokens() > 0 && replay.usage().completionTokens() > 0);
  }

  @Test
  void usageChunkStaysHiddenFromAClientThatDidNotAsk() throws Exception {
    Transcript.Replay replay = replay("chat-streaming-usage-hidden");

    for (JsonNode chunk : chunks(replay.client())) {
      assertFalse(chunk.has("usage"), "no usage member in " + chunk);
      assertFalse(chunk.path("choices").isEmpty(), "no chunk without choices: " + chunk);
    }
    assertTrue(replay.usage().cachedTokens() > 0, "cached tokens captured");
    assertTrue(!reportsReasoningTokens() || replay.usage().reasoningTokens() > 0, "reasoning tokens captured");
  }

  @Test
  void usageChunkReachesAClientThatAsked() throws Exception {
    Transcript.Replay replay = replay("chat-streaming-usage-requested");

    List<JsonNode> chunks = chunks(replay.client());
    JsonNode last = chunks.get(chunks.size() - 1);

    assertTrue(last.path("choices").isArray() && last.path("choices").isEmpty(), "usage chunk has no choices");
    assertEquals(replay.usage().promptTokens(), last.path("usage").path("prompt_tokens").asLong());
    assertEquals(replay.usage().completionTokens(), last.path("usage").path("completion_tokens").asLong());
    chunks.subList(0, chunks.size() - 1).forEach(c -> assertTrue(c.path("usage").isNull(), "usage:null on " + c));
  }

  @Test
  void everyAnswerCarriesThePublicAlias() throws Exception {
    Transcript transcript = transcript("chat-streaming");

    Transcript.Replay replay = transcript.replay(null);

    String alias = transcript.request().model();
    chunks(replay.client()).forEach(chunk -> assertEquals(alias, chunk.path("model").asText()));
    assertEquals(alias, Transcript.tree(transcript("chat-basic").replay(null).client()).path("model").asText());
  }

  @Test
  void cutStreamEndsWithAnErrorEventAndEstimatedUsage() throws Exception {
    Transcript.Replay replay = replay("chat-streaming-cut");

    List<SseEvent> events = events(replay.client());

    assertTrue(Transcript.tree(events.get(events.size() - 1).data()).has("error"), "ends with an error event");
    assertTrue(events.stream().noneMatch(e -> e.dataIs("[DONE]")), "never a clean end");
    assertTrue(replay.usage().estimated());
    assertTrue(replay.usage().promptTokens() > 0 && replay.usage().completionTokens() > 0);
    assertNotNull(replay.failure());
  }

  @Test
  void midStreamErrorBecomesAnSseErrorEvent() throws Exception {
    Transcript.Replay replay = replay("chat-streaming-error");

    List<SseEvent> events = events(replay.client());
    JsonNode last = Transcript.tree(events.get(events.size() - 1).data());

    assertTrue(last.path("error").has("message") && last.path("error").has("type"), "OpenAI error event: " + last);
    assertNotNull(replay.failure());
    assertTrue(replay.usage().estimated());
  }

  @Test
  void errorEnvelopeIsMapped() throws Exception {
    UpstreamFailure badRequest = replay("chat-bad-request").failure();
    UpstreamFailure rateLimited = replay("chat-rate-limited").failure();
    UpstreamFailure serverError = replay("chat-server-error").failure();

    assertEquals(400, badRequest.status());
    assertEquals("invalid_request_error", badRequest.type());
    assertFalse(badRequest.retryable());
    assertEquals(429, rateLimited.status());
    assertTrue(rateLimited.retryable());
    assertNotNull(rateLimited.retryAfterMs(), "retry hint read");
    assertTrue(serverError.status() >= 500 && serverError.retryable());
  }

  @Test
  void toolCallsRoundTrip() throws Exception {
    JsonNode answer = Transcript.tree(replay("chat-tools").client());
    List<JsonNode> chunks = chunks(replay("chat-tools-streaming").client());

    JsonNode call = answer.path("choices").path(0).path("message").path("tool_calls").path(0);
    assertFalse(call.path("function").path("name").asText().isEmpty());
    StringBuilder arguments = new StringBuilder();
    for (JsonNode chunk : chunks) {
      chunk.path("choices").path(0).path("delta").path("tool_calls")
          .forEach(delta -> arguments.append(delta.path("function").path("arguments").asText("")));
    }
    assertInstanceOf(JsonNode.class, Transcript.tree(arguments.toString().getBytes(StandardCharsets.UTF_8)));
    assertEquals("tool_calls", chunks.get(chunks.size() - 1).path("choices").path(0).path("finish_reason").asText());
  }

  /**
   * Whether the provider reports reasoning tokens apart from completion tokens, so that the usage-hidden scenario
   * must carry some.
   *
   * @return true unless a provider overrides it
   */
  protected boolean reportsReasoningTokens() {
    return true;
  }

  private Transcript transcript(String scenario) {
    return Transcript.of(provider, scenario);
  }

  private Transcript.Replay replay(String scenario) throws InvalidRequestException {
    return transcript(scenario).replay(null);
  }

  private static List<SseEvent> events(byte[] sse) {
    List<SseEvent> events = new ArrayList<>();
    new SseParser(events::add).feed(sse);
    return events;
  }

  private static List<JsonNode> chunks(byte[] sse) {
    List<JsonNode> chunks = new ArrayList<>();
    for (SseEvent event : events(sse)) {
      if (!event.dataIs("[DONE]")) {
        chunks.add(Transcript.tree(event.data()));
      }
    }
    return chunks;
  }
}
