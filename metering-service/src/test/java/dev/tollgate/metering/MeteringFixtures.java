package dev.tollgate.metering;

import dev.tollgate.metering.query.AdminCredential;
import dev.tollgate.metering.query.UsageApiSettings;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.TestProducers;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import dev.tollgate.schemas.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the metering tests on a real broker share: topics, config, usage events, a metering config, HTTP. */
final class MeteringFixtures {

  static final String ADMIN_TOKEN = "test-admin-token-" + UUID.randomUUID();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private MeteringFixtures() {}

  static void createTopics() {
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
  }

  /** An instance on the shared broker with the usage API on a free loopback port. */
  static MeteringConfig withApi(String applicationId, Path stateDir, MeteringSettings settings) {
    UsageApiSettings api = new UsageApiSettings("127.0.0.1", 0, "127.0.0.1", AdminCredential.of(ADMIN_TOKEN));
    return new MeteringConfig(
        KafkaFixture.bootstrapServers(), stateDir, settings.withApplicationId(applicationId), Optional.of(api));
  }

  /** One transaction ending with the revision marker, as {@code tollgate apply} writes it. */
  static void publishConfig(List<? extends ConfigEntity> entities) {
    publishConfig(KafkaFixture.bootstrapServers(), entities);
  }

  /** {@link #publishConfig(List)} on another cluster. */
  static void publishConfig(String bootstrapServers, List<? extends ConfigEntity> entities) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "metering-it-config-" + UUID.randomUUID(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    ConfigRevision marker = new ConfigRevision(
        ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, 1, Instant.now(), "sha256:test", 1);
    List<ConfigEntity> all = new ArrayList<>(entities);
    all.add(marker);
    try (KafkaProducer<String, ConfigEntity> producer = new KafkaProducer<>(
        config, Topics.CONFIG.keySerde().serializer(), Topics.CONFIG.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (ConfigEntity entity : all) {
        producer.send(new ProducerRecord<>(Topics.CONFIG.name(), entity.topicKey(), entity));
      }
      producer.commitTransaction();
    }
  }

  /** Sends the events in order, keyed by tenant, and waits until all are acknowledged. */
  static void produceUsage(List<UsageEvent> events) throws Exception {
    produceUsage(KafkaFixture.bootstrapServers(), events);
  }

  /** {@link #produceUsage(List)} on another cluster. */
  static void produceUsage(String bootstrapServers, List<UsageEvent> events) throws Exception {
    try (KafkaProducer<String, UsageEvent> producer = TestProducers.of(bootstrapServers,
        Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (UsageEvent event : events) {
        sent.add(producer.send(new ProducerRecord<>(Topics.USAGE.name(), null, event.finishedAt().toEpochMilli(),
            event.topicKey(), event)));
      }
      for (Future<RecordMetadata> ack : sent) {
        ack.get();
      }
    }
  }

  /** Every committed record of {@code topic}, from the beginning to its current end. */
  static <V> List<ConsumerRecord<String, V>> readToEnd(String bootstrapServers, Topic<String, V> topic) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, V>> read = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
        config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
          .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end within 60 s");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
      }
    }
    return read;
  }

  static ModelConfig model(String alias, String deploymentId, Price... prices) {
    Deployment deployment = new Deployment(
        deploymentId, "openai", "upstream-" + deploymentId, 1, 0, List.of(prices), Set.of(), null, null);
    return new ModelConfig(
        ModelConfig.CURRENT_SCHEMA_VERSION, alias, RouteStrategy.WEIGHTED, List.of(deployment), List.of());
  }

  static Price price(Instant from, String input, String output, String cached, String reasoning) {
    return new Price(from, new BigDecimal(input), new BigDecimal(output),
        cached == null ? null : new BigDecimal(cached), reasoning == null ? null : new BigDecimal(reasoning));
  }

  static UsageEvent event(String requestId, String tenant, String keyId, String alias, String deployment,
      Instant startedAt, TokenCounts tokens) {
    return new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, requestId, tenant, keyId, Endpoint.CHAT_COMPLETIONS,
        alias, "openai", deployment, "upstream-" + deployment, 1, tokens, UsageSource.PROVIDER, Outcome.OK, 200,
        false, startedAt, startedAt.plusMillis(500), 500, null, "edge-1");
  }

  /** A GET on a usage API; {@code token} null sends no credential. */
  static HttpResponse<String> get(int port, String pathAndQuery, String token, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
