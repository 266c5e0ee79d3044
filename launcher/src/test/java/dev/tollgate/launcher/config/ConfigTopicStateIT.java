package dev.tollgate.launcher.config;

import static dev.tollgate.launcher.config.ConfigPublisherIT.tenant;
import static dev.tollgate.launcher.config.ConfigPublisherIT.uniqueTopic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TestProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfigTopicState} against the real test broker: every test writes what it needs to a compacted,
 * one-partition config topic of its own, created as the publisher creates it, and reads it back the way an apply
 * does before it plans.
 */
class ConfigTopicStateIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Serializer<ConfigEntity> JSON = Topics.CONFIG.valueSerde().serializer();

  @Test
  void shouldReadTheLatestValueOfEveryKeyAndRememberWhatItCannotRead() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-topic-state-latest");
    write(topic,
        entity(tenant("acme", 1L)),
        entity(tenant("gone", 1L)),
        raw("tenant/future", "{\"kind\":\"hologram\"}"),
        entity(tenant("acme", 2L)),
        tombstone("tenant/gone"),
        entity(revision(7)));

    // When
    ConfigTopicState state = read(topic);

    // Then
    assertEquals(ConfigSnapshot.of(List.of(tenant("acme", 2L))), state.snapshot());
    assertEquals(7, state.revision());
    assertEquals(Set.of("tenant/future"), state.unreadableKeys());
  }

  @Test
  void shouldPlanToOverwriteOrDeleteWhatItCouldNotRead() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-topic-state-unreadable");
    write(topic,
        entity(tenant("acme", 1L)),
        raw("tenant/future", "{\"kind\":\"hologram\"}"),
        raw("tenant/other", "not json"),
        entity(revision(7)));
    ConfigSnapshot next = ConfigSnapshot.of(List.of(tenant("acme", 1L), tenant("future", 1L), tenant("new", 1L)));

    // When
    ConfigPublisher.Plan plan = ConfigPublisher.Plan.of(read(topic), next);

    // Then
    assertEquals(List.of(tenant("future", 1L), tenant("new", 1L)), plan.changes().upserts());
    assertEquals(List.of("tenant/other"), plan.changes().deletedKeys());
    assertEquals(1, plan.added());
    assertEquals(1, plan.changed());
    assertEquals(1, plan.removed());
  }

  @Test
  void shouldPlanNothingWhenTheTopicAlreadyHoldsTheConfig() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-topic-state-same");
    write(topic, entity(tenant("acme", 1L)), entity(revision(3)));
    ConfigSnapshot same = ConfigSnapshot.of(List.of(tenant("acme", 1L)));

    // When
    ConfigTopicState state = read(topic);
    ConfigPublisher.Plan plan = ConfigPublisher.Plan.of(state, same);

    // Then
    assertEquals(3, state.revision());
    assertTrue(plan.isEmpty());
  }

  /** Creates a config topic of its own as the publisher does: compacted, with one partition. */
  private static Topic<String, ConfigEntity> createConfigTopic(String prefix) throws Exception {
    Topic<String, ConfigEntity> topic = uniqueTopic(prefix);
    try (Admin admin = KafkaTopics.admin()) {
      ConfigTopic.ensure(admin, topic);
    }
    return topic;
  }

  /** Writes {@code writes} in order and returns once the broker has acknowledged every one. */
  private static void write(Topic<String, ConfigEntity> topic, Write... writes) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        TestProducers.of(KafkaFixture.bootstrapServers(), new StringSerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (Write write : writes) {
        sent.add(producer.send(new ProducerRecord<>(topic.name(), write.key(), write.value())));
      }
      for (Future<RecordMetadata> ack : sent) {
        ack.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  /** Reads the topic as an apply does: with a consumer of committed records, without a group. */
  private static ConfigTopicState read(Topic<String, ConfigEntity> topic) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      return ConfigTopicState.read(consumer, topic.valueSerde().deserializer(), topic.name(), DEADLINE);
    }
  }

  private static ConfigRevision revision(long revision) {
    return new ConfigRevision(ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, revision, Instant.EPOCH,
        "00", 1);
  }

  /** An entity under its own key, as JSON. */
  private static Write entity(ConfigEntity entity) {
    return new Write(entity.topicKey(), JSON.serialize(null, entity));
  }

  /** A value as written by someone else, under {@code key}: one this version may not be able to read. */
  private static Write raw(String key, String value) {
    return new Write(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Write tombstone(String key) {
    return new Write(key, null);
  }

  /** One record to write: a key and its raw value, null for a tombstone. */
  private record Write(String key, byte[] value) {}
}
