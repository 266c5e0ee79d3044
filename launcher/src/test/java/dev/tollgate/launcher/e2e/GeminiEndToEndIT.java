package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
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
 * Gemini end to end: the official OpenAI Java SDK talks to the edge, the edge to {@link FakeGemini} on loopback
 * through the Gemini translators, and the usage event is read back from Kafka.
 */
class GeminiEndToEndIT {
  private static final String SYSTEM = "Answer in one sentence.";
  private static final String PROMPT = "What do toll gates do?";
  /** Gemini's thoughts are completion tokens, and reasoning tokens among them. */
  private static final TokenCounts EXPECTED_TOKENS = new TokenCounts(FakeGemini.PROMPT_TOKENS,
      FakeGemini.CANDIDATES_TOKENS + FakeGemini.THOUGHTS_TOKENS, 0, FakeGemini.THOUGHTS_TOKENS);

  private static FakeGemini gemini;
  private static Stack stack;

  @BeforeAll
  static void start() throws Exception {
    gemini = new FakeGemini(System.getenv("TOLLGATE_E2E_GEMINI_KEY"));
    stack = new Stack("/e2e/gemini.yaml", yaml -> yaml.replace("FAKE_PORT", Integer.toString(gemini.port())));
  }

  @AfterAll
  static void stop() {
    stack.close();
    gemini.close();
  }

  @Test
  void shouldAnswerAChatThroughGeminiAndRecordItsUsage() {
    String requestId = newRequestId();

    ChatCompletion completion = client().chat().completions().create(chat(requestId));

    assertEquals("gemini-flash", completion.model());
    assertEquals(FakeGemini.ANSWER, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(EXPECTED_TOKENS.prompt(), usage.promptTokens());
    assertEquals(EXPECTED_TOKENS.completion(), usage.completionTokens());
    assertEquals(EXPECTED_TOKENS.reasoning(),
        usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
    String sent = gemini.lastBody("generateContent");
    assertTrue(sent.contains("\"systemInstruction\":{\"parts\":[{\"text\":\"" + SYSTEM + "\"}]}"), sent);
    assertTrue(sent.contains("\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + PROMPT + "\"}]}]"), sent);
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.CHAT_COMPLETIONS, "gemini-flash", "gemini-flash-1", FakeGemini.MODEL, false);
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(EXPECTED_TOKENS, event.tokens());
  }

  @Test
  void shouldStreamAChatThroughGeminiWithTheUsageChunk() {
    String requestId = newRequestId();
    ChatCompletionCreateParams params = chat(requestId).toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        accumulator.accumulate(chunk);
      });
    }

    ChatCompletion answer = accumulator.chatCompletion();
    assertEquals(String.join("", FakeGemini.STREAMED), answer.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
    assertTrue(chunks.stream().allMatch(c -> "gemini-flash".equals(c.model())));
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty(), "the usage chunk comes last");
    assertEquals(EXPECTED_TOKENS.completion(), last.usage().orElseThrow().completionTokens());
    assertNotNull(gemini.lastBody("streamGenerateContent"));
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.CHAT_COMPLETIONS, "gemini-flash", "gemini-flash-1", FakeGemini.MODEL, true);
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(EXPECTED_TOKENS, event.tokens());
    assertNotNull(event.ttftMs());
  }

  @Test
  void shouldAnswerALegacyCompletionThroughGemini() {
    String requestId = newRequestId();

    Completion completion = client().completions().create(CompletionCreateParams.builder().model("gemini-flash")
        .prompt(PROMPT).maxTokens(20).putAdditionalHeader("x-request-id", requestId).build());

    assertEquals("gemini-flash", completion.model());
    assertEquals(FakeGemini.ANSWER, completion.choices().get(0).text());
    assertEquals(CompletionChoice.FinishReason.STOP, completion.choices().get(0).finishReason());
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.COMPLETIONS, "gemini-flash", "gemini-flash-1", FakeGemini.MODEL, false);
    assertEquals(EXPECTED_TOKENS, event.tokens());
  }

  @Test
  void shouldAnswerEmbeddingsThroughGeminiWithEstimatedUsage() {
    String requestId = newRequestId();

    CreateEmbeddingResponse response = client().embeddings().create(EmbeddingCreateParams.builder()
        .model("gemini-embedding").input("The quick brown fox").putAdditionalHeader("x-request-id", requestId)
        .build());

    assertEquals(1, response.data().size());
    assertEquals(FakeGemini.EMBEDDING, response.data().get(0).embedding());
    assertEquals("gemini-embedding", response.model());
    String sent = gemini.lastBody("embedContent");
    assertTrue(sent.contains("\"content\":{\"parts\":[{\"text\":\"The quick brown fox\"}]}"), sent);
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.EMBEDDINGS, "gemini-embedding", "gemini-embedding-1", FakeGemini.EMBEDDING_MODEL,
        false);
    assertEquals(UsageSource.ESTIMATED, event.usageSource());
    assertEquals(response.usage().promptTokens(), event.tokens().prompt());
    assertTrue(event.tokens().prompt() > 0);
  }

  private static UsageEvent onlyEvent(String requestId) {
    Map<String, List<UsageEvent>> events = stack.usageOf(Set.of(requestId));
    assertEquals(1, events.get(requestId).size(), "exactly one usage event per request: " + events);
    return events.get(requestId).get(0);
  }

  private static void assertEvent(UsageEvent event, Endpoint endpoint, String alias, String deployment,
      String upstreamModel, boolean stream) {
    assertEquals("acme", event.tenant());
    assertEquals("e2e-all", event.keyId());
    assertEquals(endpoint, event.endpoint());
    assertEquals(alias, event.modelAlias());
    assertEquals("gemini", event.provider());
    assertEquals(deployment, event.deployment());
    assertEquals(upstreamModel, event.upstreamModel());
    assertEquals(stream, event.stream());
    assertEquals(Outcome.OK, event.outcome());
    assertEquals(200, event.httpStatus());
  }

  private static ChatCompletionCreateParams chat(String requestId) {
    return ChatCompletionCreateParams.builder().model("gemini-flash").addSystemMessage(SYSTEM)
        .addUserMessage(PROMPT).putAdditionalHeader("x-request-id", requestId).build();
  }

  private static String newRequestId() {
    return "e2e-gemini-" + UUID.randomUUID();
  }

  private static OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(stack.allModels.reveal()).maxRetries(0)
        .build();
  }
}
