package dev.tollgate.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.ConfigView.Published;
import dev.tollgate.schemas.config.ConfigView.Replica;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class ConfigViewTest {
  private static final String TOPIC = "test.config";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  @Test
  void shouldShowNothingOfAnApplyUntilItsRevisionMarker() {
    Replica replica = new Replica();
    replica.catchUp();

    replica.accept(change(tenant("acme")));
    Optional<Published> beforeMarker = replica.take();
    replica.accept(change(revision(1, ConfigSnapshot.of(List.of(tenant("acme"))))));
    Published afterMarker = replica.take().orElseThrow();

    assertTrue(beforeMarker.isEmpty());
    assertEquals(1, afterMarker.revision());
    assertEquals(ConfigSnapshot.of(List.of(tenant("acme"))), afterMarker.snapshot());
  }

  @Test
  void shouldShowOnlyTheLastRevisionMetWhileCatchingUp() {
    Replica replica = new Replica();

    replica.accept(change(tenant("acme")));
    replica.accept(change(revision(1, ConfigSnapshot.of(List.of(tenant("acme"))))));
    replica.accept(change(tenant("beta")));
    replica.accept(change(revision(2, ConfigSnapshot.of(List.of(tenant("acme"), tenant("beta"))))));
    Optional<Published> whileCatchingUp = replica.take();
    replica.catchUp();

    assertTrue(whileCatchingUp.isEmpty());
    Published loaded = replica.take().orElseThrow();
    assertEquals(2, loaded.revision());
    assertEquals(2, loaded.snapshot().tenants().size());
    assertTrue(replica.take().isEmpty());
  }

  @Test
  void shouldRemoveAnEntityOnATombstone() {
    Replica replica = new Replica();
    replica.catchUp();
    replica.accept(change(tenant("acme")));
    replica.accept(change(tenant("beta")));

    replica.accept(new Replica.Change("tenant/beta", null));
    replica.accept(change(revision(2, ConfigSnapshot.of(List.of(tenant("acme"))))));

    assertEquals(List.of(tenant("acme")), replica.take().orElseThrow().snapshot().tenants());
  }

  @Test
  void shouldBeLoadedAndEmptyWhenTheTopicDoesNotExistYet() {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    try (ConfigView view = ConfigView.start(consumer, new Values(), TOPIC)) {
      assertTrue(view.awaitLoaded(Duration.ofSeconds(10)));

      assertTrue(view.current().isEmpty());
      assertEquals(0, view.revision());
    }
  }

  @Test
  void shouldHotReloadSkipUnreadableRecordsAndSurviveAFailingBroker() throws Exception {
    MockConsumer<String, byte[]> consumer = emptyTopic();
    Values values = new Values();
    BlockingQueue<ConfigSnapshot> changes = new LinkedBlockingQueue<>();
    try (ConfigView view = ConfigView.start(consumer, values, TOPIC)) {
      view.onChange(changes::add);
      assertTrue(view.awaitLoaded(Duration.ofSeconds(10)));
      ConfigSnapshot first = ConfigSnapshot.of(List.of(tenant("acme")));

      append(consumer, values, 0, tenant("acme"));
      append(consumer, 1, "tenant/broken", "garbage");
      append(consumer, values, 2, revision(1, first));
      ConfigSnapshot loaded = changes.poll(10, TimeUnit.SECONDS);
      consumer.setPollException(new KafkaException("broker gone"));
      append(consumer, values, 3, tenant("beta"));
      append(consumer, values, 4, revision(2, first.with(tenant("beta"))));
      ConfigSnapshot reloaded = changes.poll(10, TimeUnit.SECONDS);

      assertEquals(first, loaded);
      assertNotNull(reloaded);
      assertEquals(first.with(tenant("beta")), reloaded);
      assertEquals(reloaded, view.current());
      assertEquals(2, view.revision());
    }
  }

  private static MockConsumer<String, byte[]> emptyTopic() {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[0])));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, 0L));
    return consumer;
  }

  private static void append(MockConsumer<String, byte[]> consumer, Values values, long offset,
      ConfigEntity entity) {
    append(consumer, offset, entity.topicKey(), values.token(entity));
  }

  private static void append(MockConsumer<String, byte[]> consumer, long offset, String key, String value) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, key, value.getBytes(StandardCharsets.UTF_8)));
  }

  private static Replica.Change change(ConfigEntity entity) {
    return new Replica.Change(entity.topicKey(), entity);
  }

  private static TenantConfig tenant(String id) {
    return new TenantConfig(1, id, null, null, false);
  }

  private static ConfigRevision revision(long revision, ConfigSnapshot of) {
    return new ConfigRevision(1, ConfigRevision.ID, revision, Instant.EPOCH, of.checksum(), of.size());
  }

  /** Stands in for JSON: a value is a token naming an entity handed out earlier; anything else is unreadable. */
  private static final class Values implements Deserializer<ConfigEntity> {
    private final Map<String, ConfigEntity> byToken = new ConcurrentHashMap<>();

    String token(ConfigEntity entity) {
      String token = "entity-" + byToken.size();
      byToken.put(token, entity);
      return token;
    }

    @Override
    public ConfigEntity deserialize(String topic, byte[] data) {
      ConfigEntity entity = byToken.get(new String(data, StandardCharsets.UTF_8));
      if (entity == null) {
        throw new SerializationException("not an entity");
      }
      return entity;
    }
  }
}
