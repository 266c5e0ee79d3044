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
 * Azure OpenAI end to end: the official OpenAI Java SDK talks to the edge, the edge to {@link FakeAzureOpenAi} on
 * loopback through the Azure translators (deployment URL, {@code api-version}, {@code api-key}), and the usage event
 * is read back from Kafka.
 */
class AzureOpenAiEndToEndIT {
  private static final TokenCounts EXPECTED_TOKENS = new TokenCounts(FakeAzureOpenAi.PROMPT_TOKENS,
      FakeAzureOpenAi.COMPLETION_TOKENS, FakeAzureOpenAi.CACHED_TOKENS, 0);

  private static FakeAzureOpenAi azure;
  private static Stack stack;

  @BeforeAll
  static void start() throws Exception {
    azure = new FakeAzureOpenAi(System.getenv("TOLLGATE_E2E_AZURE_KEY"));
    stack = new Stack("/e2e/azure.yaml", yaml -> yaml.replace("FAKE_PORT", Integer.toString(azure.port())));
  }

  @AfterAll
  static void stop() {
    stack.close();
    azure.close();
  }

  @Test
  void shouldAnswerAChatThroughAzureAndRecordItsUsage() {
    String requestId = newRequestId();

    ChatCompletion completion = client().chat().completions().create(chat(requestId));

    assertEquals("gpt-4o-mini", completion.model(), "the public alias, not Azure's model name");
    assertEquals(FakeAzureOpenAi.ANSWER, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(EXPECTED_TOKENS.prompt(), usage.promptTokens());
    assertEquals(EXPECTED_TOKENS.completion(), usage.completionTokens());
    String sent = azure.lastBody(FakeAzureOpenAi.CHAT_DEPLOYMENT + "/chat/completions");
    assertTrue(sent.contains("\"content\":\"What do toll gates do?\""), sent);
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", "azure-mini", FakeAzureOpenAi.CHAT_DEPLOYMENT,
        false);
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(EXPECTED_TOKENS, event.tokens());
  }

  @Test
  void shouldStreamAChatThroughAzureWithTheUsageChunk() {
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
    assertEquals(String.join("", FakeAzureOpenAi.STREAMED),
        answer.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty(), "the usage chunk comes last");
    assertEquals(EXPECTED_TOKENS.completion(), last.usage().orElseThrow().completionTokens());
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", "azure-mini", FakeAzureOpenAi.CHAT_DEPLOYMENT,
        true);
    assertEquals(UsageSource.PROVIDER, event.usageSource());
    assertEquals(EXPECTED_TOKENS, event.tokens());
    assertNotNull(event.ttftMs());
  }

  @Test
  void shouldAnswerEmbeddingsThroughAzure() {
    String requestId = newRequestId();

    CreateEmbeddingResponse response = client().embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("The quick brown fox").putAdditionalHeader("x-request-id", requestId)
        .build());

    assertEquals(1, response.data().size());
    assertEquals(FakeAzureOpenAi.EMBEDDING, response.data().get(0).embedding());
    assertEquals("text-embedding-3-small", response.model());
    UsageEvent event = onlyEvent(requestId);
    assertEvent(event, Endpoint.EMBEDDINGS, "text-embedding-3-small", "azure-embed",
        FakeAzureOpenAi.EMBEDDING_DEPLOYMENT, false);
    assertEquals(new TokenCounts(4, 0, 0, 0), event.tokens());
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
    assertEquals("azure", event.provider());
    assertEquals(deployment, event.deployment());
    assertEquals(upstreamModel, event.upstreamModel());
    assertEquals(stream, event.stream());
    assertEquals(Outcome.OK, event.outcome());
    assertEquals(200, event.httpStatus());
  }

  private static ChatCompletionCreateParams chat(String requestId) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("What do toll gates do?")
        .putAdditionalHeader("x-request-id", requestId).build();
  }

  private static String newRequestId() {
    return "e2e-azure-" + UUID.randomUUID();
  }

  private static OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(stack.allModels.reveal()).maxRetries(0)
        .build();
  }
}
