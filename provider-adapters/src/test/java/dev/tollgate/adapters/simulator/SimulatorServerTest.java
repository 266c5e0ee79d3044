package dev.tollgate.adapters.simulator;

import static dev.tollgate.adapters.simulator.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.sse.SseEvent;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorFailure.FailureKind;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimulatorServerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]";
  private static final String STREAM = "{\"model\":\"sim-1\"," + MESSAGES + ",\"stream\":true}";
  private static final String STREAM_WITH_USAGE =
      "{\"model\":\"sim-1\"," + MESSAGES + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

  private static Vertx vertx;
  private static Loopback client;
  private SimulatorServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    client = new Loopback(vertx);
  }

  @AfterAll
  static void stopVertx() {
    client.close();
    await(vertx.close());
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      await(server.close());
    }
  }

  @Test
  void streamsExactlyTheConfiguredTokensAndNoUsageUnlessAsked() throws Exception {
    SimulatorSpec spec = start(new SimulatorSpec(0, 0, 5, null));

    Loopback.Received received = client.post(server.port(), CHAT, STREAM);

    List<JsonNode> chunks = chunks(received);
    assertEquals(200, received.status());
    assertTrue(received.headers().get("content-type").startsWith("text/event-stream"));
    assertEquals(1 + 5 + 1, chunks.size(), "role, five tokens, finish");
    chunks.forEach(chunk -> assertFalse(chunk.has("usage"), "no usage field: " + chunk));
    assertEquals(SimulatorServer.expectedText(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(STREAM), spec), content(chunks));
    assertEquals("stop", chunks.get(chunks.size() - 1).path("choices").path(0).path("finish_reason").asText());
    assertTrue(last(received).dataIs("[DONE]"));
  }

  @Test
  void sendsTheUsageChunkLikeOpenAiWhenAsked() throws Exception {
    SimulatorSpec spec = start(new SimulatorSpec(0, 0, 4, null));

    List<JsonNode> chunks = chunks(client.post(server.port(), CHAT, STREAM_WITH_USAGE));

    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    chunks.subList(0, chunks.size() - 1).forEach(chunk -> assertTrue(chunk.path("usage").isNull(), chunk.toString()));
    assertTrue(usageChunk.path("choices").isArray() && usageChunk.path("choices").isEmpty());
    assertEquals(SimulatorServer.expectedUsage(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(STREAM_WITH_USAGE), spec),
        usage(usageChunk.path("usage")));
  }

  @Test
  void answersWithExactUsageAndStopsAtMaxTokens() throws Exception {
    SimulatorSpec spec = start(new SimulatorSpec(0, 0, 10, null));
    String body = "{\"model\":\"gpt-4o-mini\"," + MESSAGES + ",\"max_completion_tokens\":3}";

    JsonNode answer = json(client.post(server.port(), CHAT, body));

    Usage expected = SimulatorServer.expectedUsage(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(body), spec);
    assertEquals(3, expected.completionTokens());
    assertEquals(expected, usage(answer.path("usage")));
    assertEquals("length", answer.path("choices").path(0).path("finish_reason").asText());
    assertEquals(SimulatorServer.expectedText(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(body), spec),
        answer.path("choices").path(0).path("message").path("content").asText());
    assertEquals("gpt-4o-mini", answer.path("model").asText());
  }

  @Test
  void servesLegacyCompletionsStreamed() throws Exception {
    SimulatorSpec spec = start(new SimulatorSpec(0, 0, 3, null));
    String body = "{\"model\":\"sim-instruct\",\"prompt\":\"Say this is a test\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}}";

    List<JsonNode> chunks = chunks(client.post(server.port(), "/v1/completions", body));

    assertEquals("text_completion", chunks.get(0).path("object").asText());
    assertEquals(3 + 1 + 1, chunks.size(), "three tokens, finish, usage");
    assertEquals(SimulatorServer.expectedUsage(OpenAiEndpoint.COMPLETIONS, utf8(body), spec),
        usage(chunks.get(chunks.size() - 1).path("usage")));
  }

  @Test
  void embedsDeterministically() throws Exception {
    SimulatorSpec spec = start(new SimulatorSpec(0, 0, 1, null));
    String body = "{\"model\":\"sim-embed\",\"input\":[\"hello\",\"world\"],\"dimensions\":8}";
    String base64 = "{\"model\":\"sim-embed\",\"input\":\"hello\",\"encoding_format\":\"base64\"}";

    JsonNode first = json(client.post(server.port(), "/v1/embeddings", body));
    JsonNode again = json(client.post(server.port(), "/v1/embeddings", body));
    JsonNode encoded = json(client.post(server.port(), "/v1/embeddings", base64));

    assertEquals(first.path("data"), again.path("data"));
    assertEquals(8, first.path("data").path(0).path("embedding").size());
    assertFalse(first.path("data").path(0).equals(first.path("data").path(1)));
    assertEquals(SimulatorServer.expectedUsage(OpenAiEndpoint.EMBEDDINGS, utf8(body), spec).promptTokens(),
        first.path("usage").path("prompt_tokens").asLong());
    assertEquals(1536 * 4, Base64.getDecoder().decode(encoded.path("data").path(0).path("embedding").asText()).length);
  }

  @Test
  void listsModelsAndRefusesBadRequestsLikeOpenAi() throws Exception {
    start(new SimulatorSpec(0, 0, 1, null));

    Loopback.Received models = client.get(server.port(), "/v1/models");
    Loopback.Received bad = client.post(server.port(), CHAT, "{\"model\":\"sim-1\",\"messages\":\"hi\"}");

    assertEquals("list", json(models).path("object").asText());
    assertEquals(400, bad.status());
    assertEquals("messages", json(bad).path("error").path("param").asText());
    assertEquals("invalid_request_error", json(bad).path("error").path("type").asText());
  }

  @Test
  void injectsAnErrorStatusWithOpenAisBody() throws Exception {
    start(new SimulatorSpec(0, 0, 3, new SimulatorFailure(FailureKind.ERROR, 503, null, null, null)));

    Loopback.Received received = client.post(server.port(), CHAT, STREAM);

    assertEquals(503, received.status());
    assertEquals("server_error", json(received).path("error").path("type").asText());
  }

  @Test
  void injectsRateLimitsWithRetryHintsOnEveryNthRequest() throws Exception {
    start(new SimulatorSpec(0, 0, 2, new SimulatorFailure(FailureKind.RATE_LIMIT, null, 2, null, 2)));

    List<Loopback.Received> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(client.post(server.port(), CHAT, "{\"model\":\"sim-1\"," + MESSAGES + "}"));
    }

    assertEquals(List.of(200, 429, 200), answers.stream().map(Loopback.Received::status).toList());
    Loopback.Received limited = answers.get(1);
    assertEquals("2", limited.headers().get("retry-after"));
    assertEquals("2000", limited.headers().get("retry-after-ms"));
    assertEquals("rate_limit_exceeded", json(limited).path("error").path("code").asText());
  }

  @Test
  void cutsTheStreamAfterTheConfiguredChunks() throws Exception {
    start(new SimulatorSpec(0, 0, 10, new SimulatorFailure(FailureKind.CUT_STREAM, null, null, 2, null)));

    Loopback.Received received = client.post(server.port(), CHAT, STREAM_WITH_USAGE);

    List<JsonNode> chunks = chunks(received);
    assertNotNull(received.failure(), "the connection dropped");
    assertEquals(1 + 2, chunks.size(), "role and two tokens, nothing after");
    assertFalse(received.events().stream().anyMatch(e -> e.dataIs("[DONE]")));
    Eventually.until("the cut request is over", () -> server.activeRequests() == 0);
    assertEquals(0, server.cancelledRequests(), "a cut by the simulator is not a client cancel");
  }

  @Test
  void countsAHungRequestUntilTheClientGivesUp() {
    start(new SimulatorSpec(0, 0, 3, new SimulatorFailure(FailureKind.HANG, null, null, null, null)));

    HttpClientRequest request = client.open(server.port(), CHAT, STREAM);
    Eventually.until("the request is in flight", () -> server.activeRequests() == 1);
    await(request.connection().close());

    Eventually.until("the simulator noticed", () -> server.cancelledRequests() == 1);
    assertEquals(0, server.activeRequests());
  }

  @Test
  void noticesAClientThatDisconnectsMidStream() {
    start(new SimulatorSpec(0, 20, 1000, null));

    Loopback.Received received = client.send(io.vertx.core.http.HttpMethod.POST, server.port(), CHAT,
        java.util.Map.of("content-type", "application/json"), STREAM, request -> request.connection().close());

    assertNotNull(received.failure());
    Eventually.until("the simulator noticed", () -> server.cancelledRequests() == 1);
    assertEquals(0, server.activeRequests());
  }

  @Test
  void sendsChunksSpreadOutAndInOrder() throws Exception {
    SimulatorSpec spec = start(new SimulatorSpec(0, 20, 8, null));

    Loopback.Received received = client.post(server.port(), CHAT, STREAM);

    assertEquals(SimulatorServer.expectedText(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(STREAM), spec),
        content(chunks(received)));
    List<Loopback.Arrival> arrivals = received.arrivals();
    assertTrue(arrivals.size() >= 4, "not delivered together: " + arrivals.size() + " deliveries for 8 tokens");
    for (int i = 1; i < arrivals.size(); i++) {
      assertTrue(arrivals.get(i).nanos() >= arrivals.get(i - 1).nanos(), "in order");
    }
    assertTrue(arrivals.get(arrivals.size() - 1).nanos() > arrivals.get(0).nanos());
  }

  private SimulatorSpec start(SimulatorSpec spec) {
    server = await(SimulatorServer.start(vertx, spec, 0));
    return spec;
  }

  private static List<JsonNode> chunks(Loopback.Received received) throws IOException {
    List<JsonNode> chunks = new ArrayList<>();
    for (SseEvent event : received.events()) {
      if (!event.dataIs("[DONE]")) {
        chunks.add(MAPPER.readTree(event.data()));
      }
    }
    return chunks;
  }

  private static SseEvent last(Loopback.Received received) {
    List<SseEvent> events = received.events();
    return events.get(events.size() - 1);
  }

  private static String content(List<JsonNode> chunks) {
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> text.append(chunk.path("choices").path(0).path("delta").path("content").asText("")));
    return text.toString();
  }

  private static JsonNode json(Loopback.Received received) throws IOException {
    return MAPPER.readTree(received.body().getBytes());
  }

  private static Usage usage(JsonNode usage) {
    return new Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(), false);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
