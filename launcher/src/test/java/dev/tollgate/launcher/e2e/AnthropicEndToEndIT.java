package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Anthropic deployment end to end: the official OpenAI Java SDK talks to the edge, the edge to a loopback fake
 * of the Messages API, and the usage event on Kafka carries Anthropic's counts in OpenAI's terms, cache reads and
 * cache writes included.
 */
class AnthropicEndToEndIT {
  private static final String MODEL = "claude-sonnet";
  private static final String UPSTREAM_MODEL = "claude-sonnet-4-5-20250929";
  /** The fake's counts: input 25, cache reads 100, cache writes 50, output 9. */
  private static final TokenCounts EXPECTED = new TokenCounts(175, 9, 100, 0, 50L);

  private static FakeAnthropic fake;
  private static Stack stack;

  @BeforeAll
  static void startStack() throws Exception {
    String key = Objects.requireNonNull(System.getenv("TOLLGATE_E2E_ANTHROPIC_KEY"),
        "TOLLGATE_E2E_ANTHROPIC_KEY is set by the failsafe configuration: run this test as an IT");
    fake = FakeAnthropic.start(key);
    stack = new Stack("/e2e/anthropic.yaml", yaml -> yaml.replace("FAKE_PORT", String.valueOf(fake.port())));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void shouldAnswerAChatThroughTheMessagesApi() {
    String requestId = newRequestId();

    ChatCompletion completion = client().chat().completions().create(chat(requestId).toBuilder()
        .addSystemMessage("You are terse.").maxCompletionTokens(64).build());

    assertEquals(MODEL, completion.model());
    assertEquals(FakeAnthropic.ANSWER, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(EXPECTED.prompt(), usage.promptTokens());
    assertEquals(EXPECTED.completion(), usage.completionTokens());
    assertEquals(EXPECTED.cachedPrompt(), usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    JsonNode sent = lastRequestWith("You are terse.");
    assertEquals(UPSTREAM_MODEL, sent.path("model").asText());
    assertEquals(64, sent.path("max_tokens").asInt());
    assertEquals("user", sent.path("messages").path(0).path("role").asText());
    assertOkEvent(requestId, false);
  }

  @Test
  void shouldStreamAChatThatAccumulatesToTheAnswer() {
    String requestId = newRequestId();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(chat(requestId))) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        accumulator.accumulate(chunk);
      });
    }

    ChatCompletion accumulated = accumulator.chatCompletion();
    assertEquals(FakeAnthropic.ANSWER, accumulated.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, accumulated.choices().get(0).finishReason());
    assertEquals(1, chunks.stream().map(ChatCompletionChunk::id).distinct().count(), "one id for every chunk");
    assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty() && !c.choices().isEmpty()),
        "a client that did not ask for usage must not get the usage chunk");
    UsageEvent event = assertOkEvent(requestId, true);
    assertTrue(event.ttftMs() != null);
  }

  @Test
  void shouldGiveTheUsageChunkToAClientThatAskedForIt() {
    ChatCompletionCreateParams params = chat(newRequestId()).toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }

    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    assertEquals(EXPECTED.prompt(), last.usage().orElseThrow().promptTokens());
    assertEquals(EXPECTED.completion(), last.usage().orElseThrow().completionTokens());
  }

  @Test
  void shouldCallAToolWholeAndStreamed() {
    String plainId = newRequestId();
    String streamId = newRequestId();

    ChatCompletion plain = client().chat().completions().create(toolChat(plainId));
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        client().chat().completions().createStreaming(toolChat(streamId))) {
      stream.stream().forEach(accumulator::accumulate);
    }

    for (ChatCompletion completion : List.of(plain, accumulator.chatCompletion())) {
      ChatCompletion.Choice choice = completion.choices().get(0);
      ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
      assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
      assertEquals("get_weather", call.function().name());
      assertEquals(FakeAnthropic.TOOL_ARGUMENTS, call.function().arguments());
      assertFalse(call.id().isEmpty());
    }
    JsonNode tool = fake.requests().stream().filter(r -> r.has("tools")).findFirst().orElseThrow().path("tools");
    assertEquals("object", tool.path(0).path("input_schema").path("type").asText());
    assertOkEvent(plainId, false);
    assertOkEvent(streamId, true);
  }

  private static UsageEvent assertOkEvent(String requestId, boolean stream) {
    Map<String, List<UsageEvent>> events = stack.usageOf(Set.of(requestId));
    assertEquals(1, events.get(requestId).size(), "exactly one usage event per request: " + events);
    UsageEvent event = events.get(requestId).get(0);
    assertEquals(Endpoint.CHAT_COMPLETIONS, event.endpoint());
    assertEquals(MODEL, event.modelAlias());
    assertEquals("anthropic", event.provider());
    assertEquals("anthropic-sonnet", event.deployment());
    assertEquals(UPSTREAM_MODEL, event.upstreamModel());
    assertEquals(stream, event.stream());
    assertEquals(Outcome.OK, event.outcome());
    assertEquals(200, event.httpStatus());
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(EXPECTED, event.tokens());
    return event;
  }

  private static JsonNode lastRequestWith(String system) {
    return fake.requests().stream().filter(r -> system.equals(r.path("system").asText())).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no request lifted the system prompt: " + fake.requests()));
  }

  private static ChatCompletionCreateParams toolChat(String requestId) {
    return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("What's the weather in Boston?")
        .addTool(weatherTool()).putAdditionalHeader("x-request-id", requestId).build();
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather")
        .description("The current weather in a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
            .build())
        .build()).build();
  }

  private static ChatCompletionCreateParams chat(String requestId) {
    return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hello.")
        .putAdditionalHeader("x-request-id", requestId).build();
  }

  private static String newRequestId() {
    return "e2e-anthropic-" + UUID.randomUUID();
  }

  private static OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(stack.allModels.reveal()).maxRetries(0).build();
  }
}
