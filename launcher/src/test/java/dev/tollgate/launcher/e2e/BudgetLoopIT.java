package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.budget.BudgetService;
import dev.tollgate.budget.BudgetSettings;
import dev.tollgate.budget.webhook.WebhookSettings;
import dev.tollgate.edge.budget.Standing;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.service.EdgeService;
import dev.tollgate.metering.MeteringConfig;
import dev.tollgate.metering.MeteringService;
import dev.tollgate.metering.MeteringSettings;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.TopicReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole budget loop on the real broker: two edges, metering and the budget service, and concurrent clients
 * (the official OpenAI Java SDK, retries off) spending a small hard budget through both edges. Usage flows from the
 * edges through metering's ledger to the budget service, whose decisions flow back to both edges.
 *
 * <p>Sizes are exact: the prompt is free and {@code max_tokens} is the simulator's 12 completion tokens, so every
 * request reserves and costs {@link #COST}, and the budget is {@link #BUDGET_REQUESTS} such requests.
 *
 * <p>The overshoot bound checked is the one the edge's README states: for each edge {@code j}, total spend exceeds
 * the limit by at most what the other edges admitted that the decision {@code j} last admitted under did not count
 * (the reservations in flight, to {@code j}'s knowledge, when it ran out). The edges tell which decision that was
 * ({@code BudgetGate.lastAdmission}); the ledger, in the order the budget service counts it, tells what it counted.
 */
class BudgetLoopIT {
  /** 12 completion tokens at 0.60 USD per million, the prompt free: what every request reserves and costs. */
  private static final long COST = 7_200;
  private static final int BUDGET_REQUESTS = 40;
  private static final long LIMIT = BUDGET_REQUESTS * COST;
  private static final String AMOUNT_USD = "0.000288";
  private static final String RAISED_USD = "1";
  private static final int CLIENTS_PER_EDGE = 4;
  private static final int MAX_REQUESTS_PER_CLIENT = 50;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String tenant = "loop-" + run;
  private final String budgetId = "loop-budget-" + run;
  @TempDir Path stateDir;
  private Stack stack;
  private EdgeService second;
  private MeteringService metering;
  private BudgetService budget;

  @BeforeEach
  void startStack() throws Exception {
    stack = new Stack("/e2e/budget-loop.yaml", fill(AMOUNT_USD));
    second = EdgeService.start(stack.bootstrap, Args.parse(new String[] {"--port", "0", "--edge-id", "edge-loop-2",
        "--data-dir", "target/e2e-data"}, Map.of()));
    metering = MeteringService.start(new MeteringConfig(stack.bootstrap, stateDir.resolve("metering"),
        MeteringSettings.defaults().withApplicationId("loop-metering-" + run), Optional.empty()));
    metering.awaitRunning(Stack.DEADLINE);
    budget = BudgetService.start(stack.bootstrap, BudgetSettings.defaults().withApplicationId("loop-budget-" + run),
        WebhookSettings.defaults().withGroupId("loop-hooks-" + run), stateDir.resolve("budget"));
    budget.awaitRunning(Stack.DEADLINE);
  }

  @AfterEach
  void stopStack() {
    try (AutoCloseable b = budget; AutoCloseable m = metering; AutoCloseable e = second; AutoCloseable s = stack) {
      // closed in reverse order
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldBlockBothEdgesWithinTheInFlightBoundAndPassAgainOnceRaised() throws Exception {
    // Given both edges hold the budget's first decision
    List<EdgeService> edges = List.of(stack.edge, second);
    for (EdgeService edge : edges) {
      Await.until(Stack.DEADLINE, () -> edge.budgets().decisions().decision(budgetId).isPresent(),
          "the edge to read the budget's first decision");
    }

    // When four clients on each edge spend until refused
    List<ClientRun> runs = spendConcurrently(edges);

    // Then every client was refused with insufficient_quota, and told not to retry
    long admitted = 0;
    for (ClientRun client : runs) {
      assertNotNull(client.refusal(), "a client on edge " + client.edge() + " was never refused");
      assertEquals("insufficient_quota", client.refusal().code().orElseThrow());
      assertEquals("false", client.refusal().headers().values("x-should-retry").get(0));
      admitted += client.admitted();
    }

    // and the ledger holds every admitted request at its exact cost, all counted by the budget service
    List<PricedUsage> ledger = ledgerOf(admitted);
    long spent = ledger.stream().mapToLong(line -> line.cost().totalNanoUsd()).sum();
    assertEquals(admitted * COST, spent);
    BudgetDecision last = decisionOf(d -> d.spentNanoUsd() == spent);
    assertEquals(Verdict.BLOCK, last.verdict());

    // and the overshoot is within the reservations in flight when the budget ran out
    long overshoot = spent - LIMIT;
    long bound = Long.MAX_VALUE;
    StringBuilder perEdge = new StringBuilder();
    for (EdgeService edge : edges) {
      long others = othersUncounted(ledger, edge);
      bound = Math.min(bound, others);
      Standing standing = edge.budgets().lastAdmission(budgetId).orElseThrow();
      perEdge.append("; ").append(edgeId(edge)).append(" served ")
          .append(ledger.stream().filter(line -> edgeId(edge).equals(line.usage().edgeId())).count())
          .append(", last admitted under a decision counting ")
          .append(standing.limitNanoUsd() - standing.remainingNanoUsd()).append(", others uncounted ").append(others);
    }
    String figures = "admitted " + admitted + " requests of " + BUDGET_REQUESTS + "; spent " + spent + " of "
        + LIMIT + " nano-USD; overshoot " + overshoot + ", bound " + bound + perEdge;
    System.out.println("BudgetLoopIT: " + figures);
    assertTrue(admitted >= BUDGET_REQUESTS, figures);
    assertTrue(overshoot <= bound, figures);

    // When the budget is raised, requests pass again through both edges
    stack.apply("/e2e/budget-loop.yaml", fill(RAISED_USD));
    for (EdgeService edge : edges) {
      OpenAIClient client = client(edge);
      Await.until(Stack.DEADLINE, () -> !refused(client), "edge " + edge.url().orElseThrow() + " to pass again");
      assertEquals(200, call(client).statusCode());
    }
  }

  /**
   * What the edges other than {@code edge} admitted that the decision {@code edge} last admitted under did not
   * count: the ledger lines after the prefix that decision counted (the budget service counts a tenant's lines in
   * ledger order), served by another edge.
   */
  private long othersUncounted(List<PricedUsage> ledger, EdgeService edge) {
    Standing standing = edge.budgets().lastAdmission(budgetId).orElseThrow();
    long counted = standing.limitNanoUsd() - standing.remainingNanoUsd();
    String edgeId = edgeId(edge);
    long sum = 0;
    long others = 0;
    boolean reached = counted == 0;
    for (PricedUsage line : ledger) {
      if (reached && !edgeId.equals(line.usage().edgeId())) {
        others += line.cost().totalNanoUsd();
      }
      sum += line.cost().totalNanoUsd();
      reached |= sum == counted;
    }
    assertTrue(reached, "the decision counted " + counted + " nano-USD, no prefix of the ledger sums to it");
    return others;
  }

  private String edgeId(EdgeService edge) {
    return edge == second ? "edge-loop-2" : "edge-e2e";
  }

  private List<ClientRun> spendConcurrently(List<EdgeService> edges) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(edges.size() * CLIENTS_PER_EDGE);
    try {
      List<Future<ClientRun>> futures = new ArrayList<>();
      for (int e = 0; e < edges.size(); e++) {
        int edge = e;
        OpenAIClient client = client(edges.get(edge));
        for (int c = 0; c < CLIENTS_PER_EDGE; c++) {
          futures.add(pool.submit(() -> spendUntilRefused(edge, client)));
        }
      }
      List<ClientRun> runs = new ArrayList<>();
      for (Future<ClientRun> future : futures) {
        runs.add(future.get(Stack.DEADLINE.toSeconds(), TimeUnit.SECONDS));
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ClientRun spendUntilRefused(int edge, OpenAIClient client) {
    int admitted = 0;
    for (int i = 0; i < MAX_REQUESTS_PER_CLIENT; i++) {
      try {
        assertEquals(200, call(client).statusCode());
        admitted++;
      } catch (RateLimitException refused) {
        return new ClientRun(edge, admitted, refused);
      }
    }
    return new ClientRun(edge, admitted, null);
  }

  /** One client's requests: how many were admitted, and the refusal that stopped it (null if none did). */
  private record ClientRun(int edge, int admitted, RateLimitException refusal) {}

  /** The tenant's ledger lines with a cost, in ledger order, once there are {@code count} of them. */
  private List<PricedUsage> ledgerOf(long count) {
    Predicate<PricedUsage> ours = line -> tenant.equals(line.usage().tenant()) && line.cost().totalNanoUsd() > 0;
    return TopicReader.of(Topics.USAGE_PRICED.name(), Topics.USAGE_PRICED.keySerde().deserializer(),
            Topics.USAGE_PRICED.valueSerde().deserializer())
        .readUntil(read -> read.stream().map(ConsumerRecord::value).filter(ours).count() >= count, Stack.DEADLINE)
        .stream().map(ConsumerRecord::value).filter(ours).toList();
  }

  private BudgetDecision decisionOf(Predicate<BudgetDecision> done) {
    Predicate<ConsumerRecord<String, BudgetDecision>> match =
        r -> budgetId.equals(r.key()) && r.value() != null && done.test(r.value());
    return TopicReader.of(Topics.BUDGET_DECISIONS.name(), Topics.BUDGET_DECISIONS.keySerde().deserializer(),
            Topics.BUDGET_DECISIONS.valueSerde().deserializer())
        .readUntil(read -> read.stream().anyMatch(match), Stack.DEADLINE)
        .stream().filter(match).reduce((first, next) -> next).orElseThrow().value();
  }

  private UnaryOperator<String> fill(String amountUsd) {
    return yaml -> yaml.replace("TENANT_ID", tenant).replace("BUDGET_ID", budgetId).replace("AMOUNT_USD", amountUsd);
  }

  private OpenAIClient client(EdgeService edge) {
    return OpenAIOkHttpClient.builder().baseUrl(edge.url().orElseThrow() + "/v1").apiKey(stack.allModels.reveal())
        .maxRetries(0).build();
  }

  private static boolean refused(OpenAIClient client) {
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
            .maxCompletionTokens(12).build());
    response.parse();
    return response;
  }
}
