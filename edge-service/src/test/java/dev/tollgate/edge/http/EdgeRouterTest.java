package dev.tollgate.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.EdgeVerticle;
import dev.tollgate.edge.Governance;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.config.VirtualKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edge's routes over real HTTP on loopback, fed by an in-memory configuration. */
class EdgeRouterTest {
  private static final VirtualKey ALL = VirtualKey.generate("all");
  private static final VirtualKey MINI_ONLY = VirtualKey.generate("mini-only");
  private static final VirtualKey NO_MODELS_SCOPE = VirtualKey.generate("chat-only");
  private static final VirtualKey DISABLED = VirtualKey.generate("disabled");
  private static final VirtualKey EXPIRED = VirtualKey.generate("expired");
  private static final AtomicBoolean LOADED = new AtomicBoolean(true);

  private static Vertx vertx;
  private static int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startEdge() throws Exception {
    ConfigSnapshot config = ConfigSnapshot.of(List.of(
        new TenantConfig(1, "acme", "Acme", Limits.UNLIMITED, false),
        model("gpt-4o"), model("gpt-4o-mini"), model("tier/maker/model"),
        key(ALL, List.of("*"), EnumSet.allOf(Scope.class), false, null),
        key(MINI_ONLY, List.of("gpt-4o-mini"), EnumSet.allOf(Scope.class), false, null),
        key(NO_MODELS_SCOPE, List.of("*"), EnumSet.of(Scope.CHAT), false, null),
        key(DISABLED, List.of("*"), EnumSet.allOf(Scope.class), true, null),
        key(EXPIRED, List.of("*"), EnumSet.allOf(Scope.class), false, Instant.parse("2020-01-01T00:00:00Z"))));
    EdgeState state = new EdgeState() {
      @Override
      public ConfigSnapshot config() {
        return config;
      }

      @Override
      public boolean loaded() {
        return LOADED.get();
      }
    };
    vertx = Vertx.vertx();
    EdgeVerticle edge = new EdgeVerticle(new EdgeSettings("127.0.0.1", 0, "unused:9092", "edge-test", 1024), state,
        event -> { }, Governance.create(100));
    vertx.deployVerticle(edge).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = edge.actualPort();
  }

  @AfterAll
  static void stopEdge() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldListOnlyTheModelsTheKeyMayUse() throws Exception {
    HttpResponse<String> all = get("/v1/models", ALL);
    HttpResponse<String> mini = get("/v1/models", MINI_ONLY);

    assertEquals(200, all.statusCode());
    assertEquals(List.of("gpt-4o", "gpt-4o-mini", "tier/maker/model"), ids(all));
    assertEquals(List.of("gpt-4o-mini"), ids(mini));
  }

  @Test
  void shouldRetrieveAModelWithSlashesInItsAlias() throws Exception {
    HttpResponse<String> response = get("/v1/models/tier/maker/model", ALL);

    assertEquals(200, response.statusCode());
    assertEquals("tier/maker/model", new JsonObject(response.body()).getString("id"));
    assertEquals("model", new JsonObject(response.body()).getString("object"));
  }

  @Test
  void shouldAnswer404ModelNotFoundForAModelTheKeyMayNotSee() throws Exception {
    HttpResponse<String> hidden = get("/v1/models/gpt-4o", MINI_ONLY);
    HttpResponse<String> unknown = get("/v1/models/nope", ALL);

    assertError(hidden, 404, "invalid_request_error", "model_not_found");
    assertError(unknown, 404, "invalid_request_error", "model_not_found");
  }

  @Test
  void shouldRefuseMissingWrongDisabledAndExpiredKeysWith401() throws Exception {
    VirtualKey forged = VirtualKey.generate("all");

    assertError(get("/v1/models", null), 401, "invalid_request_error", "invalid_api_key");
    assertError(get("/v1/models", forged), 401, "invalid_request_error", "invalid_api_key");
    assertError(get("/v1/models", DISABLED), 401, "invalid_request_error", "invalid_api_key");
    assertError(get("/v1/models", EXPIRED), 401, "invalid_request_error", "invalid_api_key");
  }

  @Test
  void shouldNeverEchoThePresentedKeyInAnError() throws Exception {
    VirtualKey forged = VirtualKey.generate("all");

    HttpResponse<String> response = get("/v1/models", forged);

    assertTrue(!response.body().contains(forged.reveal().substring(7)), response.body());
  }

  @Test
  void shouldRefuseAKeyWithoutTheModelsScopeWith403() throws Exception {
    assertError(get("/v1/models", NO_MODELS_SCOPE), 403, "permission_error", "permission_denied");
  }

  @Test
  void shouldAnswerUnknownPathsWithTheOpenAiEnvelope() throws Exception {
    assertError(get("/v1/nothing-here", ALL), 404, "invalid_request_error", null);
  }

  @Test
  void shouldKeepAWellFormedClientRequestIdAndReplaceAMalformedOne() throws Exception {
    HttpResponse<String> kept = send(HttpRequest.newBuilder(uri("/healthz")).header("x-request-id", "abc-123"));
    HttpResponse<String> replaced = send(HttpRequest.newBuilder(uri("/healthz")).header("x-request-id", "a b"));

    assertEquals("abc-123", kept.headers().firstValue("x-request-id").orElseThrow());
    assertTrue(replaced.headers().firstValue("x-request-id").orElseThrow().startsWith("req_"));
  }

  @Test
  void shouldBeAliveButNotReadyUntilItsStateIsLoaded() throws Exception {
    LOADED.set(false);
    HttpResponse<String> loading = get("/readyz", null);
    LOADED.set(true);
    HttpResponse<String> ready = get("/readyz", null);

    assertEquals(200, get("/healthz", null).statusCode());
    assertEquals(503, loading.statusCode());
    assertEquals(200, ready.statusCode());
  }

  private static ModelConfig model(String alias) {
    Deployment deployment = new Deployment("d-" + alias.replace('/', '-'), "sim", "sim-model", 1, 0, List.of(),
        Set.of(), null, null);
    return new ModelConfig(1, alias, RouteStrategy.WEIGHTED, List.of(deployment), List.of());
  }

  private static KeyConfig key(VirtualKey key, List<String> models, Set<Scope> scopes, boolean disabled,
      Instant expiresAt) {
    return new KeyConfig(1, key.id(), "acme", key.hash(), null, scopes, models, Limits.UNLIMITED, expiresAt,
        disabled);
  }

  private HttpResponse<String> get(String path, VirtualKey key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key.reveal());
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static List<String> ids(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonArray("data").stream()
        .map(m -> ((JsonObject) m).getString("id")).toList();
  }

  private static void assertError(HttpResponse<String> response, int status, String type, String code) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertNotNull(error.getString("message"));
    assertEquals(type, error.getString("type"));
    assertEquals(code, error.getString("code"));
    assertTrue(error.containsKey("param"));
    assertNotNull(response.headers().firstValue("x-request-id").orElse(null));
  }
}
