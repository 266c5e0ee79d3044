package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.schemas.config.SimulatorSpec;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import dev.tollgate.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edge as applications see it, through the official OpenAI Java SDK, with usage read back from Kafka. */
class EdgeEndToEndIT {
  private static final SimulatorSpec SIM = new SimulatorSpec(5, 0, 12, null);
  private static Stack stack;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new Stack();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void shouldListOnlyTheModelsTheKeyMayUse() {
    List<String> all = client(stack.allModels).models().list().data().stream().map(Model::id).sorted().toList();
    List<String> mini = client(stack.miniOnly).models().list().data().stream().map(Model::id).toList();

    assertEquals(List.of("cut-model", "gpt-4o-mini", "slow-model", "text-embedding-3-small"), all);
    assertEquals(List.of("gpt-4o-mini"), mini);
  }

  @Test
  void shouldAnswerAChatAndRecordItsExactUsage() throws Exception {
    String requestId = newRequestId();

    ChatCompletion completion = client(stack.allModels).chat().completions().create(chat("gpt-4o-mini", requestId));

    Usage expected = expectedChatUsage("sim-small");
    assertEquals("gpt-4o-mini", completion.model());
    assertFalse(completion.choices().get(0).message().content().orElse("").isBlank());
    assertEquals(expected.promptTokens(), completion.usage().orElseThrow().promptTokens());
    assertEquals(expected.completionTokens(), completion.usage().orElseThrow().completionTokens());
    UsageEvent event = onlyEvent(requestId);
    assertUsage(event, Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", "sim", "sim-mini", "sim-small", false);
    assertEquals(Outcome.OK, event.outcome());
    assertEquals(200, event.httpStatus());
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(new TokenCounts(expected.promptTokens(), expected.completionTokens(), 0, 0), event.tokens());
  }

  @Test
  void shouldStreamAChatThatAccumulatesToTheSameAnswerAndHidesTheUsageChunk() throws Exception {
    String streamId = newRequestId();
    String plainId = newRequestId();
    OpenAIClient client = client(stack.allModels);

    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("gpt-4o-mini", streamId))) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        accumulator.accumulate(chunk);
      });
    }
    ChatCompletion plain = client.chat().completions().create(chat("gpt-4o-mini", plainId));

    assertEquals(plain.choices().get(0).message().content(),
        accumulator.chatCompletion().choices().get(0).message().content());
    assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty() && !c.choices().isEmpty()),
        "a client that did not ask for usage must not get the usage chunk");
    Usage expected = expectedChatUsage("sim-small");
    UsageEvent event = onlyEvent(streamId);
    assertUsage(event, Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", "sim", "sim-mini", "sim-small", true);
    assertEquals(Outcome.OK, event.outcome());
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(new TokenCounts(expected.promptTokens(), expected.completionTokens(), 0, 0), event.tokens());
    assertNotNull(event.ttftMs());
  }

  @Test
  void shouldGiveTheUsageChunkToAClientThatAskedForIt() {
    ChatCompletionCreateParams params = chat("gpt-4o-mini", newRequestId()).toBuilder()
        .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
            .includeUsage(true).build())
        .build();

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client(stack.allModels).chat().completions()
        .createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }

    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    assertEquals(12, last.usage().orElseThrow().completionTokens());
  }

  @Test
  void shouldAnswerEmbeddingsAndRecordTheirUsage() throws Exception {
    String requestId = newRequestId();

    CreateEmbeddingResponse response = client(stack.allModels).embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("The quick brown fox").putAdditionalHeader("x-request-id", requestId)
        .build());

    assertEquals(1, response.data().size());
    assertFalse(response.data().get(0).embedding().isEmpty());
    UsageEvent event = onlyEvent(requestId);
    assertUsage(event, Endpoint.EMBEDDINGS, "text-embedding-3-small", "sim", "sim-embed", "sim-embed", false);
    assertEquals(response.usage().promptTokens(), event.tokens().prompt());
  }

  @Test
  void shouldRaiseTheSdkExceptionsOpenAiItselfWouldCause() {
    VirtualKey unknown = VirtualKey.generate("e2e-all");

    assertThrows(UnauthorizedException.class,
        () -> client(unknown).chat().completions().create(chat("gpt-4o-mini", newRequestId())));
    assertThrows(PermissionDeniedException.class,
        () -> client(stack.miniOnly).chat().completions().create(chat("slow-model", newRequestId())));
    assertThrows(NotFoundException.class,
        () -> client(stack.allModels).chat().completions().create(chat("no-such-model", newRequestId())));
    assertThrows(BadRequestException.class, () -> client(stack.allModels).chat().completions().create(
        chat("gpt-4o-mini", newRequestId()).toBuilder()
            .putAdditionalBodyProperty("messages", JsonValue.from("not a list")).build()));
    UnexpectedStatusCodeException tooLarge = assertThrows(UnexpectedStatusCodeException.class,
        () -> client(stack.allModels).chat().completions().create(ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini").addUserMessage("x".repeat(9 * 1024 * 1024)).build()));
    assertEquals(413, tooLarge.statusCode());
  }

  @Test
  void shouldAnswerMalformedJsonWith400InTheOpenAiEnvelope() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(stack.baseUrl() + "/chat/completions"))
        .header("Authorization", "Bearer " + stack.allModels.reveal())
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"gpt-4o-mini\", \"messages\": [")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("\"type\":\"invalid_request_error\""), response.body());
  }

  @Test
  void shouldForwardChunksAsTheyArriveNotAllAtOnce() {
    List<Long> arrivals = new ArrayList<>();
    List<String> deltas = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream = client(stack.allModels).chat().completions()
        .createStreaming(chat("slow-model", newRequestId()))) {
      stream.stream().forEach(chunk -> {
        arrivals.add(System.nanoTime());
        chunk.choices().forEach(c -> c.delta().content().ifPresent(deltas::add));
      });
    }

    // the simulator sends one token every 25 ms: a buffering proxy would deliver them in one burst
    long distinctMillis = arrivals.stream().map(t -> t / 1_000_000).distinct().count();
    assertTrue(deltas.size() >= 10, "deltas: " + deltas);
    assertTrue(distinctMillis >= arrivals.size() / 2, "chunks arrived in bursts: " + arrivals);
    for (int i = 1; i < arrivals.size(); i++) {
      assertTrue(arrivals.get(i) >= arrivals.get(i - 1));
    }
  }

  @Test
  void shouldEndACutStreamWithAnErrorEventAndEstimatedUsage() {
    String requestId = newRequestId();
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client(stack.allModels).chat().completions()
          .createStreaming(chat("cut-model", requestId))) {
        stream.stream().forEach(chunks::add);
      }
    });

    assertFalse(chunks.isEmpty(), "the chunks before the cut reached the client");
    UsageEvent event = onlyEvent(requestId);
    assertEquals(Outcome.UPSTREAM_ERROR, event.outcome());
    assertEquals(UsageSource.ESTIMATED, event.usageSource());
    assertTrue(event.tokens().prompt() > 0 && event.tokens().completion() > 0, event.tokens().toString());
  }

  @Test
  void shouldCancelTheUpstreamRequestWhenTheClientDisconnects() throws Exception {
    String requestId = newRequestId();
    SimulatorServer slow = stack.edge.simulator("slow-sim").orElseGet(() -> {
      client(stack.allModels).chat().completions().create(chat("slow-model", newRequestId()));
      return stack.edge.simulator("slow-sim").orElseThrow();
    });
    long cancelledBefore = slow.cancelledRequests();

    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(stack.baseUrl() + "/chat/completions"))
        .header("Authorization", "Bearer " + stack.allModels.reveal()).header("x-request-id", requestId)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"slow-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertTrue(body.readLine().startsWith("data: "));
    }

    Await.until(Stack.DEADLINE, () -> slow.cancelledRequests() > cancelledBefore, "the simulator to see the cancel");
    UsageEvent event = onlyEvent(requestId);
    assertEquals(Outcome.CLIENT_CANCELLED, event.outcome());
  }

  private static UsageEvent onlyEvent(String requestId) {
    Map<String, List<UsageEvent>> events = stack.usageOf(Set.of(requestId));
    assertEquals(1, events.get(requestId).size(), "exactly one usage event per request: " + events);
    return events.get(requestId).get(0);
  }

  private static void assertUsage(UsageEvent event, Endpoint endpoint, String alias, String provider,
      String deployment, String upstreamModel, boolean stream) {
    assertEquals("acme", event.tenant());
    assertEquals("e2e-all", event.keyId());
    assertEquals(endpoint, event.endpoint());
    assertEquals(alias, event.modelAlias());
    assertEquals(provider, event.provider());
    assertEquals(deployment, event.deployment());
    assertEquals(upstreamModel, event.upstreamModel());
    assertEquals(1, event.attempt());
    assertEquals(stream, event.stream());
    assertEquals("edge-e2e", event.edgeId());
    assertFalse(event.finishedAt().isBefore(event.startedAt()));
  }

  private static Usage expectedChatUsage(String upstreamModel) throws Exception {
    byte[] body = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    return SimulatorServer.expectedUsage(OpenAiEndpoint.CHAT_COMPLETIONS, body, upstreamModel, SIM);
  }

  private static final String PROMPT = "Say something about toll gates.";

  private static ChatCompletionCreateParams chat(String model, String requestId) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(PROMPT)
        .putAdditionalHeader("x-request-id", requestId).build();
  }

  private static String newRequestId() {
    return "e2e-" + UUID.randomUUID();
  }

  private static OpenAIClient client(VirtualKey key) {
    return OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(key.reveal()).maxRetries(0).build();
  }
}
