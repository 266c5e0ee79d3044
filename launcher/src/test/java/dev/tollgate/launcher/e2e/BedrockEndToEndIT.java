package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bedrock through the edge, as applications see it: the official OpenAI Java SDK talks to the edge, the edge signs
 * and sends Converse and ConverseStream requests to {@link FakeBedrock}, which verifies each signature, and the usage
 * lands on Kafka.
 */
class BedrockEndToEndIT {
  private static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final TokenCounts TOKENS = new TokenCounts(FakeBedrock.INPUT_TOKENS + FakeBedrock.CACHE_READ_TOKENS,
      FakeBedrock.OUTPUT_TOKENS, FakeBedrock.CACHE_READ_TOKENS, 0);
  private static FakeBedrock bedrock;
  private static Stack stack;

  @BeforeAll
  static void start() throws Exception {
    // the same fake key the failsafe configuration gives the edge
    bedrock = new FakeBedrock(System.getenv("TOLLGATE_E2E_AWS_ACCESS_KEY_ID"),
        System.getenv("TOLLGATE_E2E_AWS_SECRET_ACCESS_KEY"), "us-east-1");
    stack = new Stack("/e2e/bedrock.yaml", yaml -> yaml.replace("FAKE_PORT", Integer.toString(bedrock.port())));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    bedrock.close();
  }

  @Test
  void shouldAnswerAChatThroughConverseAndRecordItsUsage() {
    String requestId = newRequestId();

    ChatCompletion completion = client().chat().completions().create(chat(requestId));

    assertEquals("claude-haiku", completion.model());
    assertEquals(FakeBedrock.ANSWER, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(TOKENS.prompt(), completion.usage().orElseThrow().promptTokens());
    assertEquals(TOKENS.completion(), completion.usage().orElseThrow().completionTokens());
    UsageEvent event = onlyEvent(requestId);
    assertUsage(event, false);
    assertTrue(bedrock.verifiedPaths().contains("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"),
        "signed Converse request: " + bedrock.verifiedPaths());
    assertEquals(List.of(), bedrock.refusals(), "every signature verified");
  }

  @Test
  void shouldStreamAChatThroughConverseStreamAndRecordItsUsage() {
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
    assertEquals(String.join("", FakeBedrock.STREAMED), accumulated.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, accumulated.choices().get(0).finishReason());
    assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty() && c.model().equals("claude-haiku")));
    UsageEvent event = onlyEvent(requestId);
    assertUsage(event, true);
    assertTrue(bedrock.verifiedPaths().contains("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"),
        "signed ConverseStream request: " + bedrock.verifiedPaths());
    assertEquals(List.of(), bedrock.refusals(), "every signature verified");
  }

  @Test
  void shouldGiveTheUsageChunkToAClientThatAskedForIt() {
    ChatCompletionCreateParams params = chat(newRequestId()).toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }

    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    assertEquals(TOKENS.prompt(), last.usage().orElseThrow().promptTokens());
    assertEquals(TOKENS.cachedPrompt(),
        last.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
  }

  @Test
  void shouldEmbedThroughTitanAndRecordItsUsage() {
    String requestId = newRequestId();

    CreateEmbeddingResponse response = client().embeddings().create(EmbeddingCreateParams.builder()
        .model("titan-embed").input("toll gates").putAdditionalHeader("x-request-id", requestId).build());

    assertEquals(List.of(0.125f, -0.25f, 0.5f), response.data().get(0).embedding());
    assertEquals(FakeBedrock.EMBEDDING_TOKENS, response.usage().promptTokens());
    UsageEvent event = onlyEvent(requestId);
    assertEquals(Endpoint.EMBEDDINGS, event.endpoint());
    assertEquals("bedrock-titan", event.deployment());
    assertEquals(new TokenCounts(FakeBedrock.EMBEDDING_TOKENS, 0, 0, 0), event.tokens());
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertTrue(bedrock.verifiedPaths().contains("/model/amazon.titan-embed-text-v2%3A0/invoke"),
        "signed InvokeModel request: " + bedrock.verifiedPaths());
    assertEquals(List.of(), bedrock.refusals(), "every signature verified");
  }

  private static void assertUsage(UsageEvent event, boolean stream) {
    assertEquals("acme", event.tenant());
    assertEquals("e2e-all", event.keyId());
    assertEquals(Endpoint.CHAT_COMPLETIONS, event.endpoint());
    assertEquals("claude-haiku", event.modelAlias());
    assertEquals("bedrock", event.provider());
    assertEquals("bedrock-haiku", event.deployment());
    assertEquals(MODEL_ID, event.upstreamModel());
    assertEquals(stream, event.stream());
    assertEquals(Outcome.OK, event.outcome());
    assertEquals(200, event.httpStatus());
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(TOKENS, event.tokens());
  }

  private static UsageEvent onlyEvent(String requestId) {
    Map<String, List<UsageEvent>> events = stack.usageOf(Set.of(requestId));
    assertEquals(1, events.get(requestId).size(), "exactly one usage event per request: " + events);
    return events.get(requestId).get(0);
  }

  private static ChatCompletionCreateParams chat(String requestId) {
    return ChatCompletionCreateParams.builder().model("claude-haiku")
        .addSystemMessage("You are brief.").addUserMessage("Say something about toll gates.")
        .maxCompletionTokens(64).putAdditionalHeader("x-request-id", requestId).build();
  }

  private static String newRequestId() {
    return "e2e-bedrock-" + UUID.randomUUID();
  }

  private static OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(stack.allModels.reveal()).maxRetries(0)
        .build();
  }
}
