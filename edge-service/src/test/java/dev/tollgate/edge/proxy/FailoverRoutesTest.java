package dev.tollgate.edge.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.EdgeVerticle;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.budget.BudgetSettings;
import dev.tollgate.edge.budget.DecisionTable;
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
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorSpec;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.UsageEvent;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing and failover in the request path, over real HTTP on loopback with simulators as providers. */
class FailoverRoutesTest {
  private static final VirtualKey KEY = VirtualKey.generate("k1");
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Price CHEAP = new Price(null, new BigDecimal("0.10"), new BigDecimal("0.20"), null, null);
  private static final Price DEAR = new Price(null, new BigDecimal("1"), new BigDecimal("2"), null, null);

  private static final Queue<UsageEvent> EVENTS = new ConcurrentLinkedQueue<>();
  private static final Map<String, RouteTable> ROUTES = new ConcurrentHashMap<>();
  private static Vertx vertx;
  private static SimulatorServer registered;
  private static int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startEdge() throws Exception {
    ConfigSnapshot config = ConfigSnapshot.of(List.of(
        new ProviderConfig(1, "ok-sim", new SimulatorSpec(0, 0, 8, null)),
        new ProviderConfig(1, "down-sim", new SimulatorSpec(0, 0, 8,
            new SimulatorFailure(SimulatorFailure.FailureKind.ERROR, 503, null, null, null))),
        new ProviderConfig(1, "hang-sim", new SimulatorSpec(0, 0, 8,
            new SimulatorFailure(SimulatorFailure.FailureKind.HANG, null, null, null, null))),
        new ModelConfig(1, "capped", RouteStrategy.CHEAPEST,
            List.of(deployment("dear", "ok-sim", DEAR), deployment("cheap", "ok-sim", CHEAP)), List.of()),
        new ModelConfig(1, "all-down", RouteStrategy.PRIORITY, List.of(deployment("d1", "down-sim", CHEAP),
            deployment("d2", "down-sim", CHEAP), deployment("d3", "down-sim", CHEAP)), List.of()),
        new ModelConfig(1, "hung", RouteStrategy.WEIGHTED,
            List.of(deployment("h1", "hang-sim", CHEAP), deployment("h2", "hang-sim", CHEAP)), List.of()),
        new ModelConfig(1, "cooling", RouteStrategy.PRIORITY,
            List.of(deployment("tripped", "down-sim", CHEAP), deployment("fine", "ok-sim", CHEAP)), List.of()),
        new TenantConfig(1, "acme", "Acme", Limits.UNLIMITED, false),
        new KeyConfig(1, KEY.id(), "acme", KEY.hash(), null, EnumSet.allOf(Scope.class), List.of("*"),
            Limits.UNLIMITED, null, false)));
    EdgeState state = new EdgeState() {
      @Override
      public ConfigSnapshot config() {
        return config;
      }

      @Override
      public boolean loaded() {
        return true;
      }

      @Override
      public Optional<RouteTable> route(String alias) {
        return Optional.ofNullable(ROUTES.get(alias));
      }
    };
    vertx = Vertx.vertx();
    registered = SimulatorServer.start(vertx, new SimulatorSpec(0, 0, 8, null), 0).toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    DecisionTable decisions = new DecisionTable();
    decisions.heard(Instant.now());
    // two attempts at most, and five seconds for all of them: a hung provider is given up on at the deadline
    EdgeVerticle edge = new EdgeVerticle(new EdgeSettings("127.0.0.1", 0, "unused:9092", "edge-test", 1 << 20), state,
        EVENTS::add, Governance.create(100, decisions, BudgetSettings.defaults()),
        new FailoverSettings(Duration.ofSeconds(20), 2, Duration.ofSeconds(5)));
    vertx.deployVerticle(edge).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = edge.actualPort();
  }

  @AfterAll
  static void stopEdge() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldRefuseABadPriceCapWith400AndAnUnmeetableOneWith422() throws Exception {
    HttpResponse<String> bad = chat("capped", "a dollar");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("x-tollgate-max-price", error(bad).getString("param"));

    HttpResponse<String> tooLow = chat("capped", "0.29");
    assertEquals(422, tooLow.statusCode(), tooLow.body());
    assertEquals("no_deployment_under_price", error(tooLow).getString("code"));
  }

  @Test
  void shouldSendTheCheapestDeploymentUnderTheCap() throws Exception {
    HttpResponse<String> capped = chat("capped", "0.30");

    assertEquals(200, capped.statusCode(), capped.body());
    assertEquals("cheap", capped.headers().firstValue("x-tollgate-deployment").orElseThrow());
    assertEquals("cheap", chat("capped", null).headers().firstValue("x-tollgate-deployment").orElseThrow());
  }

  @Test
  void shouldStopAtTheAttemptBoundAndReportEachFailedOverAttempt() throws Exception {
    HttpResponse<String> down = chat("all-down", null);

    // the last upstream failure, as the edge reports a provider's 5xx
    assertEquals(502, down.statusCode(), down.body());
    String id = down.headers().firstValue("x-request-id").orElseThrow();
    UsageEvent event = awaitEvent(id);
    assertEquals(2, event.attempt());
    assertEquals(Outcome.UPSTREAM_ERROR, event.outcome());
    UsageEvent first = awaitEvent(id + "/attempt-1");
    assertTrue(Set.of("d1", "d2", "d3").containsAll(Set.of(first.deployment(), event.deployment())));
    assertTrue(!first.deployment().equals(event.deployment()), "the failover tried another deployment");
    assertEquals(503, first.httpStatus());
    assertEquals(1, first.attempt());
  }

  @Test
  void shouldGiveUpOnAHungProviderAtTheDeadline() throws Exception {
    HttpResponse<String> hung = chat("hung", null);

    assertEquals(504, hung.statusCode(), hung.body());
    assertEquals("upstream_timeout", error(hung).getString("code"));
    // the deadline left no time for the second deployment
    assertEquals(1, awaitEvent(hung.headers().firstValue("x-request-id").orElseThrow()).attempt());
  }

  @Test
  void shouldSkipADeploymentCoolingDownAndRouteToARegisteredProvider() throws Exception {
    DeploymentHealth open = new DeploymentHealth(CircuitState.OPEN, 10_000, 0, 0, Instant.now().plusSeconds(3600));
    ROUTES.put("cooling", new RouteTable(1, "cooling", RouteStrategy.PRIORITY, List.of(
        new RouteCandidate("tripped", "down-sim", "m", 0, 0, open, CHEAP, null),
        new RouteCandidate("fine", "ok-sim", "m", 1, 1, DeploymentHealth.UNKNOWN, CHEAP, null)), List.of(),
        Instant.now()));
    ROUTES.put("registered-only", new RouteTable(1, "registered-only", RouteStrategy.WEIGHTED, List.of(
        new RouteCandidate("registry/box", "box", "sim-small", 1, 0, DeploymentHealth.UNKNOWN, CHEAP,
            registered.baseUrl())), List.of(), Instant.now()));

    HttpResponse<String> cooling = chat("cooling", null);
    assertEquals(200, cooling.statusCode(), cooling.body());
    UsageEvent event = awaitEvent(cooling.headers().firstValue("x-request-id").orElseThrow());
    assertEquals("fine", event.deployment());
    assertEquals(1, event.attempt());

    long before = registered.receivedRequests();
    HttpResponse<String> viaRegistry = chat("registered-only", null);
    assertEquals(200, viaRegistry.statusCode(), viaRegistry.body());
    UsageEvent served = awaitEvent(viaRegistry.headers().firstValue("x-request-id").orElseThrow());
    assertEquals("box", served.provider());
    assertEquals("registry/box", served.deployment());
    assertEquals("sim-small", served.upstreamModel());
    assertEquals(before + 1, registered.receivedRequests());
  }

  private HttpResponse<String> chat(String model, String maxPrice) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + KEY.reveal()).header("content-type", "application/json")
        .header("x-request-id", "req-" + UUID.randomUUID())
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    if (maxPrice != null) {
      request.header("x-tollgate-max-price", maxPrice);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }

  private static UsageEvent awaitEvent(String requestId) {
    Await.until(DEADLINE, () -> EVENTS.stream().anyMatch(e -> e.requestId().equals(requestId)),
        "the usage event of " + requestId);
    return EVENTS.stream().filter(e -> e.requestId().equals(requestId)).findFirst().orElseThrow();
  }

  private static Deployment deployment(String id, String provider, Price price) {
    return new Deployment(id, provider, "m", 1, 0, List.of(price), Set.of(Capability.CHAT), null, null);
  }
}
