package dev.tollgate.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every golden transcript: the upstream request must be exactly the recorded one, and the client must see
 * exactly the expected bytes, however the upstream stream is split. Run with {@code -Dtranscripts.refresh=true} to
 * rewrite the {@code expected*} files from the current output instead, then review the diff.
 */
class TranscriptReplayTest {
  private static final boolean REFRESH = Boolean.getBoolean("transcripts.refresh");
  private static final long[] SPLIT_SEEDS = {1, 2, 3, 42, 2024};

  static Stream<Transcript> transcripts() throws IOException {
    return Transcript.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void shouldReplayExactly(Transcript transcript) throws Exception {
    Transcript.Replay whole = transcript.replay(null);

    if (REFRESH) {
      refresh(transcript, whole);
    }
    assertUpstreamRequest(transcript, whole.upstreamRequest());
    assertOutcome(transcript, whole, "in one piece");
    if (transcript.streamed()) {
      for (long seed : SPLIT_SEEDS) {
        assertOutcome(transcript, transcript.replay(new Random(seed)), "split with seed " + seed);
      }
      assertOutcome(transcript, transcript.replay(new OneByteAtATime()), "one byte at a time");
    }
  }

  private static void assertUpstreamRequest(Transcript transcript, UpstreamRequest actual) {
    JsonNode expected = transcript.json("upstream-request.json");
    assertEquals(expected.path("method").asText(), actual.method(), "method");
    assertEquals(expected.path("url").asText(), actual.url(), "url");
    Map<String, String> headers = new LinkedHashMap<>();
    expected.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    assertEquals(headers, actual.headers(), "headers");
    assertEquals(expected.path("body"), Transcript.tree(actual.body()), "body");
  }

  private static void assertOutcome(Transcript transcript, Transcript.Replay replay, String how) {
    String expectedFile = transcript.streamed() ? "expected.sse" : "expected.json";
    transcript.optional(expectedFile).ifPresent(expected ->
        assertEquals(text(expected), text(replay.client()), "client bytes, " + how));
    transcript.optional("expected-usage.json").ifPresent(usage ->
        assertEquals(Transcript.tree(usage), usageJson(replay.usage()), "usage, " + how));
    JsonNode failure = transcript.optional("expected-failure.json").map(Transcript::tree).orElse(null);
    assertEquals(failure, replay.failure() == null ? null : failureJson(replay.failure()), "failure, " + how);
  }

  static JsonNode usageJson(Usage usage) {
    if (usage == null) {
      return null;
    }
    ObjectNode node = Transcript.MAPPER.createObjectNode();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("cached_tokens", usage.cachedTokens());
    node.put("reasoning_tokens", usage.reasoningTokens());
    if (usage.cacheWriteTokens() > 0) {
      // only where a provider reports cache writes, so that other providers' files need not spell out a zero
      node.put("cache_write_tokens", usage.cacheWriteTokens());
    }
    node.put("estimated", usage.estimated());
    return reparsed(node);
  }

  static JsonNode failureJson(UpstreamFailure failure) {
    ObjectNode node = Transcript.MAPPER.createObjectNode();
    node.put("status", failure.status());
    node.put("type", failure.type());
    node.put("code", failure.code());
    node.put("param", failure.param());
    node.put("message", failure.message());
    node.put("retry_after_ms", failure.retryAfterMs());
    node.put("retryable", failure.retryable());
    return reparsed(node);
  }

  /** Numbers compare as the file's would: parsed from text, not built as longs. */
  private static JsonNode reparsed(JsonNode node) {
    return Transcript.tree(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void refresh(Transcript transcript, Transcript.Replay replay) throws IOException {
    var writer = Transcript.MAPPER.writerWithDefaultPrettyPrinter();
    if (replay.failure() == null) {
      Files.write(transcript.dir().resolve(transcript.streamed() ? "expected.sse" : "expected.json"), replay.client());
    }
    if (replay.usage() != null) {
      Files.writeString(transcript.dir().resolve("expected-usage.json"),
          writer.writeValueAsString(usageJson(replay.usage())) + "\n");
    }
    if (replay.failure() != null) {
      Files.writeString(transcript.dir().resolve("expected-failure.json"),
          writer.writeValueAsString(failureJson(replay.failure())) + "\n");
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Splits into single bytes: every UTF-8 character and every CRLF is cut. */
  private static final class OneByteAtATime extends Random {
    @Override
    public int nextInt(int bound) {
      return 0;
    }
  }
}
