package dev.tollgate.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.TopicReader;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing service on a real broker, driven over HTTP: a provider registers, appears in {@code tollgate.routes},
 * stops heartbeating and disappears; the match API honours the maximum price.
 */
class RoutingServiceIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String TOKEN = "it-admin-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
  }

  @Test
  void shouldRouteToARegisteredProviderUntilItStopsHeartbeatingAndHonourTheMaximumPrice() throws Exception {
    // Given a configured deployment at 2.50 + 10.00 USD per million tokens, heavily weighted
    String run = UUID.randomUUID().toString().substring(0, 8);
    String alias = "chat-" + run;
    String box = "box-" + run;
    publishConfig(new ProviderConfig(ProviderConfig.CURRENT_SCHEMA_VERSION, "cloud-" + run,
            new OpenAiCompatibleSpec("https://api.example.com/v1", null, null)),
        new ModelConfig(ModelConfig.CURRENT_SCHEMA_VERSION, alias, RouteStrategy.WEIGHTED, List.of(
            new Deployment("cloud", "cloud-" + run, "gpt-x", 1_000, 0,
                List.of(new Price(null, new BigDecimal("2.50"), new BigDecimal("10.00"), null, null)),
                Set.of(Capability.CHAT), null, null)), List.of()));
    RoutingSettings settings = RoutingSettings.defaults().withApplicationId("routing-it-" + run)
        .withListener("127.0.0.1", 0).withAdminToken(TOKEN);

    try (RoutingService routing = RoutingService.start(KafkaFixture.bootstrapServers(), settings, stateDir)) {
      routing.awaitRunning(DEADLINE);
      String base = routing.url();
      Await.until(DEADLINE, () -> post(base + "/v1/route", "{\"model\":\"" + alias + "\"}", null).statusCode() == 200,
          "the configured alias to be routable");

      // When a self-hosted provider registers over HTTP
      String registration = registration(box, alias, 60);
      assertEquals(401, post(base + "/v1/providers", registration, "wrong").statusCode());
      assertEquals(400, post(base + "/v1/providers", "{\"id\":\"" + box + "\"}", TOKEN).statusCode());
      assertEquals(201, post(base + "/v1/providers", registration, TOKEN).statusCode());

      // Then it appears in tollgate.routes, with its price and base URL
      RouteCandidate registered = awaitTable(alias, t -> t.candidates().stream()
          .anyMatch(c -> c.deployment().equals("registry/" + box))).candidates().stream()
          .filter(c -> c.provider().equals(box)).findFirst().orElseThrow();
      assertEquals("http://10.0.0.7:8000/v1", registered.baseUrl());
      assertEquals(new BigDecimal("0.08"), registered.price().outputPerMtokUsd());

      // And the match API picks only what fits the maximum (input + output)
      Await.until(DEADLINE, () -> box.equals(match(base, alias, "1").getString("provider")),
          "the match API to see the registration");
      JsonObject cheap = match(base, alias, "0.13");
      assertEquals(box, cheap.getString("provider"));
      assertEquals("http://10.0.0.7:8000/v1", cheap.getString("base_url"));
      assertEquals("0.13", cheap.getJsonObject("price").getString("combined_per_mtok_usd"));
      HttpResponse<String> tooCheap = post(base + "/v1/route", routeBody(alias, "0.12"), null);
      assertEquals(422, tooCheap.statusCode());
      assertEquals("no_deployment_under_price",
          new JsonObject(tooCheap.body()).getJsonObject("error").getString("code"));
      assertEquals(404, post(base + "/v1/route", routeBody("nope-" + run, null), null).statusCode());
      JsonObject cloud = matchUntilProvider(base, alias, "12.50", "cloud-" + run);
      assertEquals("openai_compatible", cloud.getString("api"));
      assertEquals("https://api.example.com/v1", cloud.getString("base_url"));
      assertEquals("12.50", cloud.getJsonObject("price").getString("combined_per_mtok_usd"));

      // When it heartbeats, then shortens its lifetime to a second and stops
      assertEquals(200, post(base + "/v1/providers/" + box + "/heartbeat", "", TOKEN).statusCode());
      assertEquals(200, post(base + "/v1/providers", registration(box, alias, 1), TOKEN).statusCode());

      // Then it expires: gone from tollgate.routes, from the match API, and its heartbeat is refused
      awaitTable(alias, t -> t.candidates().stream().noneMatch(c -> c.provider().equals(box)));
      Await.until(DEADLINE, () -> post(base + "/v1/route", routeBody(alias, "1"), null).statusCode() == 422,
          "the expired registration to leave the match API");
      assertEquals(404, post(base + "/v1/providers/" + box + "/heartbeat", "", TOKEN).statusCode());
    }
  }

  private static String registration(String id, String alias, int ttlSeconds) {
    return new JsonObject().put("id", id).put("base_url", "http://10.0.0.7:8000/v1")
        .put("models", new JsonObject().put(alias, "llama3.1:8b"))
        .put("input_per_mtok_usd", "0.05").put("output_per_mtok_usd", 0.08).put("ttl_seconds", ttlSeconds).encode();
  }

  /** Asks until the configured provider is picked: the weighted pick is random, but 1000:1 in its favour. */
  private static JsonObject matchUntilProvider(String base, String alias, String max, String provider) {
    JsonObject[] picked = new JsonObject[1];
    Await.until(DEADLINE, () -> provider.equals((picked[0] = match(base, alias, max)).getString("provider")),
        "the match API to pick " + provider);
    return picked[0];
  }

  private static RouteTable awaitTable(String alias, java.util.function.Predicate<RouteTable> done) {
    List<ConsumerRecord<String, RouteTable>> records = TopicReader.of(Topics.ROUTES.name(),
            Topics.ROUTES.keySerde().deserializer(), Topics.ROUTES.valueSerde().deserializer())
        .readUntil(all -> {
          RouteTable last = latest(all, alias);
          return last != null && done.test(last);
        }, DEADLINE);
    RouteTable table = latest(records, alias);
    assertTrue(table != null && done.test(table), "route table of " + alias);
    return table;
  }

  private static RouteTable latest(List<ConsumerRecord<String, RouteTable>> records, String alias) {
    RouteTable last = null;
    for (ConsumerRecord<String, RouteTable> r : records) {
      if (alias.equals(r.key())) {
        last = r.value();
      }
    }
    return last;
  }

  private static JsonObject match(String base, String alias, String max) throws Exception {
    HttpResponse<String> response = post(base + "/v1/route", routeBody(alias, max), null);
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }

  private static String routeBody(String alias, String max) {
    JsonObject body = new JsonObject().put("model", alias);
    return (max == null ? body : body.put("max_price_per_mtok_usd", max)).encode();
  }

  private static HttpResponse<String> post(String url, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One transaction ending with the revision marker, as {@code tollgate apply} writes it. */
  private static void publishConfig(ConfigEntity... entities) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "routing-it-config-" + UUID.randomUUID(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    ConfigRevision marker = new ConfigRevision(
        ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, 1, Instant.now(), "sha256:test", entities.length);
    try (KafkaProducer<String, ConfigEntity> producer = new KafkaProducer<>(
        config, Topics.CONFIG.keySerde().serializer(), Topics.CONFIG.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (ConfigEntity entity : entities) {
        producer.send(new ProducerRecord<>(Topics.CONFIG.name(), entity.topicKey(), entity));
      }
      producer.send(new ProducerRecord<>(Topics.CONFIG.name(), marker.topicKey(), marker));
      producer.commitTransaction();
    }
  }
}
