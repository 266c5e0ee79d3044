package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.service.EdgeService;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.TestProducers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's budget gate on the real broker, through the official OpenAI Java SDK: decisions published on
 * {@code tollgate.budget.decisions} reach the edge, a block answers 429 {@code insufficient_quota} that the SDK is
 * told not to retry, and an allow lets requests through again, on each of two edges sharing the broker. Only
 * decisions are faked: the budget service that takes them is not part of this test.
 */
class BudgetGateIT {
  private static final long LIMIT = 1_000_000_000L;
  private static final Instant WINDOW_START = Instant.now().truncatedTo(ChronoUnit.DAYS);
  private static final Instant RESETS_AT = WINDOW_START.plus(30, ChronoUnit.DAYS);

  private final String budgetId = "e2e-budget-" + UUID.randomUUID().toString().substring(0, 8);
  private Stack stack;
  private EdgeService second;
  private KafkaProducer<String, BudgetDecision> producer;

  @BeforeEach
  void startStack() throws Exception {
    stack = new Stack("/e2e/budget.yaml", yaml -> yaml.replace("BUDGET_ID", budgetId));
    second = EdgeService.start(stack.bootstrap, Args.parse(new String[] {"--port", "0", "--edge-id", "edge-e2e-2",
        "--data-dir", "target/e2e-data"}, Map.of()));
    producer = TestProducers.of(stack.bootstrap, new StringSerializer(), Topics.BUDGET_DECISIONS.valueSerde()
        .serializer());
  }

  @AfterEach
  void stopStack() {
    try {
      if (producer != null) {
        producer.close();
      }
      if (second != null) {
        second.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  void shouldBlockOnABlockDecisionAndPassAgainAfterAnAllow() throws Exception {
    OpenAIClient client = client(stack.baseUrl());
    OpenAIClient other = client(second.url().orElseThrow() + "/v1");
    publish(0, Verdict.ALLOW);
    Await.until(Stack.DEADLINE, () -> RESETS_AT.toString().equals(call(client).headers().values("x-budget-reset")
        .stream().findFirst().orElse(null)), "the edge to read the allow decision");

    HttpResponseFor<ChatCompletion> allowed = call(client);
    assertEquals(200, allowed.statusCode());
    assertEquals("1", allowed.headers().values("x-budget-limit").get(0));
    String remaining = allowed.headers().values("x-budget-remaining").get(0);
    assertTrue(new BigDecimal(remaining).compareTo(BigDecimal.ONE) < 0, remaining);

    publish(LIMIT, Verdict.BLOCK);
    Await.until(Stack.DEADLINE, () -> blocked(client), "the edge to read the block decision");
    Await.until(Stack.DEADLINE, () -> blocked(other), "the second edge to read the block decision");
    RateLimitException refused = assertThrows(RateLimitException.class, () -> call(client));

    assertEquals("insufficient_quota", refused.code().orElseThrow());
    assertEquals("insufficient_quota", refused.type().orElseThrow());
    assertEquals("false", refused.headers().values("x-should-retry").get(0));
    assertEquals("0", refused.headers().values("x-budget-remaining").get(0));
    assertEquals(RESETS_AT.toString(), refused.headers().values("x-budget-reset").get(0));
    String message = refused.body().toString();
    assertTrue(message.contains(budgetId) && message.contains("tenant 'acme'")
        && message.contains(RESETS_AT.toString()), message);

    publish(LIMIT / 2, Verdict.ALLOW);
    Await.until(Stack.DEADLINE, () -> !blocked(client), "the edge to read the allow decision");
    Await.until(Stack.DEADLINE, () -> !blocked(other), "the second edge to read the allow decision");
    assertEquals(200, call(client).statusCode());
    assertEquals(200, call(other).statusCode());
  }

  private OpenAIClient client(String baseUrl) {
    return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(stack.allModels.reveal()).maxRetries(0).build();
  }

  private boolean blocked(OpenAIClient client) {
    try {
      call(client);
      return false;
    } catch (RateLimitException e) {
      return true;
    }
  }

  private static HttpResponseFor<ChatCompletion> call(OpenAIClient client) {
    HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say something about toll gates.")
            .maxCompletionTokens(50).build());
    response.parse();
    return response;
  }

  private void publish(long spentNanoUsd, Verdict verdict) throws Exception {
    BudgetDecision decision = new BudgetDecision(BudgetDecision.CURRENT_SCHEMA_VERSION, budgetId,
        new BudgetScope("acme", null, null), verdict, BudgetMode.HARD, spentNanoUsd, LIMIT,
        BudgetDecision.remaining(spentNanoUsd, LIMIT), WINDOW_START, RESETS_AT, Instant.now());
    producer.send(new ProducerRecord<>(Topics.BUDGET_DECISIONS.name(), decision.topicKey(), decision)).get();
  }
}
