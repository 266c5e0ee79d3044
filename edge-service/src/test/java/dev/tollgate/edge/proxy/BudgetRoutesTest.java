package dev.tollgate.edge.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.EdgeVerticle;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.budget.BudgetSettings;
import dev.tollgate.edge.budget.DecisionTable;
import dev.tollgate.edge.budget.Spend;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.SimulatorSpec;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The budget gate in the request path, over real HTTP on loopback with the built-in simulator as provider. */
class BudgetRoutesTest {
  private static final VirtualKey KEY = VirtualKey.generate("k1");
  private static final Price PRICE = new Price(null, new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);
  private static final BudgetConfig BUDGET = new BudgetConfig(1, "acme-monthly", new BudgetScope("acme", null, null),
      BigDecimal.ONE, new BudgetWindow(BudgetWindow.WindowKind.MONTHLY, null), List.of(), BudgetMode.HARD, null, null);
  private static final Instant WINDOW_START = Instant.now().truncatedTo(ChronoUnit.DAYS);
  private static final Instant RESETS_AT = WINDOW_START.plus(30, ChronoUnit.DAYS);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private static final DecisionTable DECISIONS = new DecisionTable();
  private static Vertx vertx;
  private static int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startEdge() throws Exception {
    Deployment deployment = new Deployment("sim-mini", "sim", "sim-small", 1, 0, List.of(PRICE),
        Set.of(Capability.CHAT), null, null);
    ConfigSnapshot config = ConfigSnapshot.of(List.of(
        new ProviderConfig(1, "sim", new SimulatorSpec(0, 0, 12, null)),
        new ModelConfig(1, "gpt-4o-mini", RouteStrategy.WEIGHTED, List.of(deployment), List.of()),
        new TenantConfig(1, "acme", "Acme", Limits.UNLIMITED, false),
        new KeyConfig(1, KEY.id(), "acme", KEY.hash(), null, EnumSet.allOf(Scope.class), List.of("*"),
            Limits.UNLIMITED, null, false),
        BUDGET));
    EdgeState state = new EdgeState() {
      @Override
      public ConfigSnapshot config() {
        return config;
      }

      @Override
      public boolean loaded() {
        return true;
      }
    };
    DECISIONS.heard(Instant.now());
    vertx = Vertx.vertx();
    EdgeVerticle edge = new EdgeVerticle(new EdgeSettings("127.0.0.1", 0, "unused:9092", "edge-test", 1 << 20), state,
        event -> { }, Governance.create(100, DECISIONS, BudgetSettings.defaults()));
    vertx.deployVerticle(edge).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = edge.actualPort();
  }

  @AfterAll
  static void stopEdge() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldSettleAnAdmittedRequestToItsRealCostAndShowTheBudgetOnEveryAnswerAfterAuth() throws Exception {
    decide(0, Verdict.ALLOW);
    long before = remainingNanoUsd(chat("no-such-model"));

    HttpResponse<String> ok = chat("gpt-4o-mini");

    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("1", ok.headers().firstValue("x-budget-limit").orElseThrow());
    assertEquals(RESETS_AT.toString(), ok.headers().firstValue("x-budget-reset").orElseThrow());
    JsonObject usage = new JsonObject(ok.body()).getJsonObject("usage");
    long cost = Spend.actual(new TokenCounts(usage.getLong("prompt_tokens"), usage.getLong("completion_tokens"), 0,
        0), PRICE);
    assertTrue(cost > 0);
    // the reservation (up to 100 completion tokens) is replaced by the real cost once the usage is known
    Await.until(DEADLINE, () -> remainingNanoUsd(chat("no-such-model")) == before - cost,
        "the request to settle to its real cost");
    assertFalse(unauthenticated().headers().firstValue("x-budget-limit").isPresent());
  }

  @Test
  void shouldShowTheBudgetOnTheModelsList() throws Exception {
    decide(250_000_000L, Verdict.ALLOW);

    HttpResponse<String> models = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
            .header("Authorization", "Bearer " + KEY.reveal()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, models.statusCode());
    assertEquals("1", models.headers().firstValue("x-budget-limit").orElseThrow());
    assertTrue(remainingNanoUsd(models) <= 750_000_000L);
  }

  @Test
  void shouldAnswer429InsufficientQuotaNotToBeRetriedOnABlockDecision() throws Exception {
    decide(1_000_000_000L, Verdict.BLOCK);
    try {
      HttpResponse<String> refused = chat("gpt-4o-mini");

      assertEquals(429, refused.statusCode(), refused.body());
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertEquals("insufficient_quota", error.getString("code"));
      assertEquals("insufficient_quota", error.getString("type"));
      assertTrue(error.getString("message").contains("Budget 'acme-monthly' of tenant 'acme' is exhausted"),
          error.getString("message"));
      assertEquals("false", refused.headers().firstValue("x-should-retry").orElseThrow());
      assertEquals("0", refused.headers().firstValue("x-budget-remaining").orElseThrow());
      assertEquals(RESETS_AT.toString(), refused.headers().firstValue("x-budget-reset").orElseThrow());
    } finally {
      decide(0, Verdict.ALLOW);
    }
  }

  private static void decide(long spent, Verdict verdict) {
    long limit = 1_000_000_000L;
    DECISIONS.put(new BudgetDecision(1, BUDGET.id(), BUDGET.scope(), verdict, BudgetMode.HARD, spent, limit,
        BudgetDecision.remaining(spent, limit), WINDOW_START, RESETS_AT, Instant.now()));
  }

  private static long remainingNanoUsd(HttpResponse<String> response) {
    return new BigDecimal(response.headers().firstValue("x-budget-remaining").orElseThrow()).movePointRight(9)
        .longValueExact();
  }

  private HttpResponse<String> chat(String model) throws Exception {
    String body = new JsonObject().put("model", model).put("max_tokens", 100)
        .put("messages", List.of(new JsonObject().put("role", "user").put("content", "Say something."))).encode();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + KEY.reveal()).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> unauthenticated() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
