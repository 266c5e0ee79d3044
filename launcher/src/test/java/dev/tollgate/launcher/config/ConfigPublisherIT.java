package dev.tollgate.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class ConfigPublisherIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldPublishChangesTombstonesAndRevisionsAndNothingWhenUnchanged() throws Exception {
    Topic<String, ConfigEntity> topic = uniqueTopic("config-publisher");
    ConfigPublisher publisher = publisher(topic);
    ConfigSnapshot first = ConfigSnapshot.of(List.of(tenant("acme", 60L), tenant("beta", 60L), tenant("gone", 1L)));
    ConfigSnapshot second = ConfigSnapshot.of(List.of(tenant("acme", 60L), tenant("beta", 120L), tenant("new", 5L)));

    ApplyResult created = publisher.apply(first);
    ApplyResult updated = publisher.apply(second);
    long endBefore = endOffset(topic);
    ApplyResult unchanged = publisher.apply(second);

    assertEquals(new ApplyResult(1, 3, 0, 0, false), created);
    assertEquals(new ApplyResult(2, 1, 1, 1, false), updated);
    assertEquals(new ApplyResult(2, 0, 0, 0, true), unchanged);
    assertEquals("up to date at revision 2", unchanged.summary());
    assertEquals(endBefore, endOffset(topic), "an unchanged apply publishes nothing");
    List<ConsumerRecord<String, ConfigEntity>> records = read(topic, 8);
    assertEquals(List.of("tenant/acme", "tenant/beta", "tenant/gone", "revision/current",
        "tenant/beta", "tenant/new", "tenant/gone", "revision/current"), keys(records));
    assertEquals(tenant("beta", 120L), records.get(4).value());
    assertNull(records.get(6).value(), "a removed entity gets a tombstone");
    assertRevision(records.get(3).value(), 1, first);
    assertRevision(records.get(7).value(), 2, second);
    assertCompactedWithOnePartition(topic);
  }

  @Test
  void shouldRollBackAFailedApplySoThePreviousRevisionStaysInForce() {
    Topic<String, ConfigEntity> topic = uniqueTopic("config-rollback");
    ConfigSnapshot first = ConfigSnapshot.of(List.of(tenant("acme", 60L)));
    ConfigSnapshot second = ConfigSnapshot.of(List.of(tenant("acme", 61L), tenant("poison", 1L)));
    publisher(topic).apply(first);

    ConfigPublisher failing = publisher(failingOn(topic, "poison"));
    assertThrows(ConfigApplyException.class, () -> failing.apply(second));
    ApplyResult retried = publisher(topic).apply(second);

    assertEquals(new ApplyResult(2, 1, 1, 0, false), retried);
    List<ConsumerRecord<String, ConfigEntity>> records = read(topic, 5);
    assertEquals(List.of("tenant/acme", "revision/current", "tenant/acme", "tenant/poison", "revision/current"),
        keys(records));
  }

  @Test
  void shouldRefuseATopicThatWouldDeleteConfig() throws Exception {
    Topic<String, ConfigEntity> topic = uniqueTopic("config-not-compacted");
    try (Admin admin = KafkaTopics.admin()) {
      admin.createTopics(List.of(new NewTopic(topic.name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    ConfigApplyException refused = assertThrows(ConfigApplyException.class,
        () -> publisher(topic).apply(ConfigSnapshot.of(List.of(tenant("acme", 1L)))));

    assertEquals(topic.name() + ": cleanup.policy is delete, the catalog wants compact; config would be lost or "
        + "torn: fix the topic first", refused.getMessage());
  }

  static ConfigPublisher publisher(Topic<String, ConfigEntity> topic) {
    Map<String, Object> client = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers());
    return new ConfigPublisher(client, topic, CLOCK);
  }

  /** The catalog's config topic under a name of its own, so tests do not see each other's applies. */
  static Topic<String, ConfigEntity> uniqueTopic(String prefix) {
    return withValues(KafkaTopics.uniqueName(prefix), Topics.CONFIG.valueSerde());
  }

  private static Topic<String, ConfigEntity> withValues(String name, Serde<ConfigEntity> values) {
    Topic<String, ConfigEntity> config = Topics.CONFIG;
    return new Topic<>(name, config.partitions(), config.cleanup(), config.retention(), config.keySerde(), values,
        config.keyType(), config.valueType());
  }

  static TenantConfig tenant(String id, long requestsPerMinute) {
    return new TenantConfig(TenantConfig.CURRENT_SCHEMA_VERSION, id, null, new Limits(requestsPerMinute, null, null),
        false);
  }

  /** The same topic, with values that fail to serialize for the entity {@code id}. */
  private static Topic<String, ConfigEntity> failingOn(Topic<String, ConfigEntity> topic, String id) {
    Serializer<ConfigEntity> json = topic.valueSerde().serializer();
    Serializer<ConfigEntity> failing = (name, entity) -> {
      if (entity != null && entity.id().equals(id)) {
        throw new SerializationException("injected failure for " + id);
      }
      return json.serialize(name, entity);
    };
    return withValues(topic.name(), Serdes.serdeFrom(failing, topic.valueSerde().deserializer()));
  }

  private static List<ConsumerRecord<String, ConfigEntity>> read(Topic<String, ConfigEntity> topic, int count) {
    return TopicReader.of(topic.name(), new StringDeserializer(), topic.valueSerde().deserializer())
        .readAtLeast(count, DEADLINE);
  }

  private static List<String> keys(List<ConsumerRecord<String, ConfigEntity>> records) {
    return records.stream().map(ConsumerRecord::key).collect(Collectors.toList());
  }

  private static void assertRevision(ConfigEntity value, long revision, ConfigSnapshot of) {
    ConfigRevision marker = (ConfigRevision) value;
    assertEquals(new ConfigRevision(1, ConfigRevision.ID, revision, CLOCK.instant(), of.checksum(), of.size()),
        marker);
  }

  private static long endOffset(Topic<String, ConfigEntity> topic) throws Exception {
    TopicPartition partition = new TopicPartition(topic.name(), 0);
    try (Admin admin = KafkaTopics.admin()) {
      return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
          .get(30, TimeUnit.SECONDS).offset();
    }
  }

  private static void assertCompactedWithOnePartition(Topic<String, ConfigEntity> topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
    try (Admin admin = KafkaTopics.admin()) {
      int partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(topic.name()).partitions().size();
      String cleanup = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
          .get("cleanup.policy").value();
      assertEquals(1, partitions);
      assertEquals("compact", cleanup);
    }
  }

}
