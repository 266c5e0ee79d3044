package dev.tollgate.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ConfigTopicStateTest {
  private static final String TOPIC = "test.config";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final Serializer<ConfigEntity> JSON = Topics.CONFIG.valueSerde().serializer();

  @Test
  void shouldReadTheLatestValueOfEveryKeyAndRememberWhatItCannotRead() {
    MockConsumer<String, byte[]> consumer = topicWith(
        record(0, "tenant/acme", tenant("acme", 1)),
        record(1, "tenant/gone", tenant("gone", 1)),
        record(2, "tenant/future", "{\"kind\":\"hologram\"}".getBytes(StandardCharsets.UTF_8)),
        record(3, "tenant/acme", tenant("acme", 2)),
        record(4, "tenant/gone", (byte[]) null),
        record(5, "revision/current", revision(7)));

    ConfigTopicState state = read(consumer);

    assertEquals(ConfigSnapshot.of(List.of(tenant("acme", 2))), state.snapshot());
    assertEquals(7, state.revision());
    assertEquals(Set.of("tenant/future"), state.unreadableKeys());
  }

  @Test
  void shouldOverwriteOrDeleteWhatItCouldNotRead() {
    ConfigTopicState current = new ConfigTopicState(ConfigSnapshot.of(List.of(tenant("acme", 1))), 7,
        Set.of("tenant/future", "tenant/other"));
    ConfigSnapshot next = ConfigSnapshot.of(List.of(tenant("acme", 1), tenant("future", 1), tenant("new", 1)));

    ConfigPublisher.Plan plan = ConfigPublisher.Plan.of(current, next);

    assertEquals(List.of(tenant("future", 1), tenant("new", 1)), plan.changes().upserts());
    assertEquals(List.of("tenant/other"), plan.changes().deletedKeys());
    assertEquals(1, plan.added());
    assertEquals(1, plan.changed());
    assertEquals(1, plan.removed());
  }

  @Test
  void shouldPlanNothingWhenTheTopicAlreadyHoldsTheConfig() {
    ConfigSnapshot same = ConfigSnapshot.of(List.of(tenant("acme", 1)));

    ConfigPublisher.Plan plan = ConfigPublisher.Plan.of(new ConfigTopicState(same, 3, Set.of()), same);

    assertTrue(plan.isEmpty());
  }

  private static ConfigTopicState read(MockConsumer<String, byte[]> consumer) {
    return ConfigTopicState.read(consumer, Topics.CONFIG.valueSerde().deserializer(), TOPIC, Duration.ofSeconds(5));
  }

  @SafeVarargs
  private static MockConsumer<String, byte[]> topicWith(ConsumerRecord<String, byte[]>... records) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[0])));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, (long) records.length));
    // Records can only be added to an assigned partition; read() assigns it again, which keeps them.
    consumer.assign(List.of(PARTITION));
    for (ConsumerRecord<String, byte[]> record : records) {
      consumer.addRecord(record);
    }
    return consumer;
  }

  private static ConsumerRecord<String, byte[]> record(long offset, String key, ConfigEntity value) {
    return record(offset, key, JSON.serialize(TOPIC, value));
  }

  private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
  }

  private static TenantConfig tenant(String id, long requestsPerMinute) {
    return new TenantConfig(1, id, null, new Limits(requestsPerMinute, null, null), false);
  }

  private static ConfigRevision revision(long revision) {
    return new ConfigRevision(1, ConfigRevision.ID, revision, Instant.EPOCH, "00", 1);
  }
}
