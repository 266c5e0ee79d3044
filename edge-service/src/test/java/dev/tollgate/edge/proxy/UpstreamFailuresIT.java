package dev.tollgate.edge.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.EdgeVerticle;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.budget.BudgetSettings;
import dev.tollgate.edge.budget.DecisionTable;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real loopback upstreams that fail: a port nobody listens on (refused) and a socket that accepts and never
 * answers (response timeout). The edge's metrics count each failed attempt with its kind, and each failover.
 */
class UpstreamFailuresIT {
  private static final VirtualKey KEY = VirtualKey.generate("k1");

  private static Vertx vertx;
  private static Governance governance;
  private static ServerSocket silent;
  private static int refusedPort;
  private static int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startEdge() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket closed = new ServerSocket(0, 1, loopback)) {
      refusedPort = closed.getLocalPort();
    }
    // the kernel completes the handshake from the backlog; nobody ever reads or answers
    silent = new ServerSocket(0, 50, loopback);
    Map<String, RouteTable> routes = Map.of(
        "refused", table("refused", candidate("r1", "refusing", refusedPort, 0),
            candidate("r2", "refusing", refusedPort, 1)),
        "silent", table("silent", candidate("s1", "silent", silent.getLocalPort(), 0)));
    ConfigSnapshot config = ConfigSnapshot.of(List.of(
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
        return Optional.ofNullable(routes.get(alias));
      }
    };
    vertx = Vertx.vertx();
    DecisionTable decisions = new DecisionTable();
    decisions.heard(Instant.now());
    governance = Governance.create(100, decisions, BudgetSettings.defaults());
    // a one-second idle timeout gives up on the silent upstream quickly; two attempts at most
    EdgeVerticle edge = new EdgeVerticle(new EdgeSettings("127.0.0.1", 0, "unused:9092", "edge-test", 1 << 20), state,
        event -> { }, governance, new FailoverSettings(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)));
    vertx.deployVerticle(edge).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = edge.actualPort();
  }

  @AfterAll
  static void stopEdge() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    silent.close();
  }

  @Test
  void shouldCountARefusedConnectionPerAttemptAndTheFailover() throws Exception {
    HttpResponse<String> refused = chat("refused");

    assertEquals(502, refused.statusCode(), refused.body());
    assertEquals("upstream_unreachable", error(refused).getString("code"));
    String metrics = governance.metrics().render();
    assertSample(metrics, "tollgate_edge_upstream_failures_total{provider=\"refusing\",kind=\"connect_refused\"} 2");
    assertSample(metrics, "tollgate_edge_failovers_total{model=\"refused\"} 1");
  }

  @Test
  void shouldCountAnUpstreamThatNeverAnswersAsAResponseTimeout() throws Exception {
    HttpResponse<String> hung = chat("silent");

    assertEquals(504, hung.statusCode(), hung.body());
    assertEquals("upstream_timeout", error(hung).getString("code"));
    String metrics = governance.metrics().render();
    assertSample(metrics, "tollgate_edge_upstream_failures_total{provider=\"silent\",kind=\"response_timeout\"} 1");
    assertTrue(!metrics.contains("tollgate_edge_failovers_total{model=\"silent\"}"),
        "a single attempt is no failover:\n" + metrics);
  }

  private static void assertSample(String metrics, String sample) {
    assertTrue(metrics.lines().anyMatch(sample::equals), "expected " + sample + " in\n" + metrics);
  }

  private static RouteTable table(String alias, RouteCandidate... candidates) {
    return new RouteTable(1, alias, RouteStrategy.PRIORITY, List.of(candidates), List.of(), Instant.now());
  }

  private static RouteCandidate candidate(String deployment, String provider, int upstreamPort, int priority) {
    return new RouteCandidate(deployment, provider, "m", 1, priority, DeploymentHealth.UNKNOWN, null,
        "http://127.0.0.1:" + upstreamPort + "/v1");
  }

  private HttpResponse<String> chat(String model) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + KEY.reveal()).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }
}
