package dev.tollgate.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.routing.health.HealthPolicy;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.deadletter.DeadLetterHandler;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.TestProducers;
import dev.tollgate.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreadable usage record on a real broker: routing moves it to its dead-letter topic and goes on counting the
 * outcomes after it.
 */
class RoutingDeadLettersIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
  }

  @Test
  void shouldMoveAnUnreadableUsageRecordToItsDeadLetterTopicAndKeepCountingOutcomes() throws Exception {
    // Given a routed model with one deployment
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "tenant-" + run;
    String alias = "chat-" + run;
    String provider = "cloud-" + run;
    publishConfig(
        new ProviderConfig(ProviderConfig.CURRENT_SCHEMA_VERSION, provider,
            new OpenAiCompatibleSpec("https://api.example.com/v1", null, null)),
        new ModelConfig(ModelConfig.CURRENT_SCHEMA_VERSION, alias, RouteStrategy.WEIGHTED, List.of(
            new Deployment("d-" + run, provider, "gpt-x", 1, 0, List.of(), Set.of(Capability.CHAT), null, null)),
            List.of()));
    RoutingSettings settings = RoutingSettings.defaults().withApplicationId("routing-dlq-it-" + run);

    try (RoutingStreams routing = RoutingStreams.start(KafkaFixture.bootstrapServers(), settings, stateDir)) {
      routing.awaitRunning(DEADLINE);

      // When an unreadable record arrives, then enough upstream failures in a row to open the circuit
      byte[] garbage = ("{\"request_id\":\"" + run + "\",\"outcome\":").getBytes(StandardCharsets.UTF_8);
      try (KafkaProducer<byte[], byte[]> producer = TestProducers.of(
          KafkaFixture.bootstrapServers(), new ByteArraySerializer(), new ByteArraySerializer())) {
        byte[] key = tenant.getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.USAGE.name(), key, garbage)).get();
        for (int i = 0; i < HealthPolicy.DEFAULT_TRIP_CONSECUTIVE_FAILURES; i++) {
          producer.send(new ProducerRecord<>(Topics.USAGE.name(), key, json(failure(run + "-" + i, tenant, alias,
              provider, "d-" + run)))).get();
        }
      }

      // Then the failures after it are counted: the circuit opens
      awaitTable(alias, table -> table.candidates().stream()
          .anyMatch(c -> c.provider().equals(provider) && c.health().state() == CircuitState.OPEN));

      // and the record is on the dead-letter topic once, as it was read
      List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.of(
              Topics.ROUTING_DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
          .readUntil(read -> read.stream().anyMatch(r -> Arrays.equals(garbage, r.value())), DEADLINE)
          .stream().filter(r -> Arrays.equals(garbage, r.value())).toList();
      assertEquals(1, letters.size());
      assertArrayEquals(tenant.getBytes(StandardCharsets.UTF_8), letters.get(0).key());
      assertEquals(Topics.USAGE.name(), new String(
          letters.get(0).headers().lastHeader(DeadLetterHandler.TOPIC).value(), StandardCharsets.UTF_8));
      assertEquals(KafkaStreams.State.RUNNING, routing.state());
    }
  }

  private static UsageEvent failure(String requestId, String tenant, String alias, String provider, String deployment) {
    Instant at = Instant.now();
    return new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, requestId, tenant, "k1", Endpoint.CHAT_COMPLETIONS,
        alias, provider, deployment, "gpt-x", 1, new TokenCounts(0, 0, 0, 0), UsageSource.PROVIDER,
        Outcome.UPSTREAM_ERROR, 503, false, at, at.plusMillis(100), 100, null, "edge-1");
  }

  private static byte[] json(UsageEvent event) {
    return Topics.USAGE.valueSerde().serializer().serialize(Topics.USAGE.name(), event);
  }

  private static RouteTable awaitTable(String alias, java.util.function.Predicate<RouteTable> done) {
    List<ConsumerRecord<String, RouteTable>> records = TopicReader.of(Topics.ROUTES.name(),
            Topics.ROUTES.keySerde().deserializer(), Topics.ROUTES.valueSerde().deserializer())
        .readUntil(all -> {
          RouteTable last = latest(all, alias);
          return last != null && done.test(last);
        }, DEADLINE);
    return latest(records, alias);
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

  /** One transaction ending with the revision marker, as {@code tollgate apply} writes it. */
  private static void publishConfig(ConfigEntity... entities) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "routing-dlq-it-config-" + UUID.randomUUID(),
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
