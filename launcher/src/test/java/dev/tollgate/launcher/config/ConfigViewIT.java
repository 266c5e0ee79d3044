package dev.tollgate.launcher.config;

import static dev.tollgate.launcher.config.ConfigPublisherIT.publisher;
import static dev.tollgate.launcher.config.ConfigPublisherIT.tenant;
import static dev.tollgate.launcher.config.ConfigPublisherIT.uniqueTopic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.ConfigView;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.testkit.KafkaFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ConfigViewIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void shouldSeeTheFirstApplyThenHotReloadTheSecond() throws Exception {
    Topic<String, ConfigEntity> topic = uniqueTopic("config-view");
    ConfigPublisher publisher = publisher(topic);
    ConfigSnapshot first = ConfigSnapshot.of(List.of(tenant("acme", 60L), tenant("gone", 1L)));
    ConfigSnapshot second = ConfigSnapshot.of(List.of(tenant("acme", 120L)));
    BlockingQueue<ConfigSnapshot> changes = new LinkedBlockingQueue<>();
    try (ConfigView view = view(topic)) {
      view.onChange(changes::add);
      assertTrue(view.awaitLoaded(DEADLINE), "a topic that does not exist yet means an empty config");
      ConfigSnapshot before = view.current();

      publisher.apply(first);
      ConfigSnapshot loaded = next(changes);
      publisher.apply(second);
      ConfigSnapshot reloaded = next(changes);

      assertTrue(before.isEmpty());
      assertEquals(first, loaded);
      assertEquals(second, reloaded);
      assertEquals(second, view.current());
      assertEquals(2, view.revision());
    }
  }

  @Test
  void shouldNeverExposeAnAbortedApplyEvenWithItsRevisionMarker() throws Exception {
    Topic<String, ConfigEntity> topic = uniqueTopic("config-view-abort");
    ConfigPublisher publisher = publisher(topic);
    ConfigSnapshot first = ConfigSnapshot.of(List.of(tenant("acme", 60L)));
    ConfigSnapshot second = ConfigSnapshot.of(List.of(tenant("acme", 60L), tenant("beta", 1L)));
    publisher.apply(first);
    List<ConfigSnapshot> seen = new ArrayList<>();
    BlockingQueue<ConfigSnapshot> changes = new LinkedBlockingQueue<>();
    try (ConfigView view = view(topic)) {
      assertTrue(view.awaitLoaded(DEADLINE));
      view.onChange(changes::add);
      seen.add(view.current());

      ConfigSnapshot torn = ConfigSnapshot.of(List.of(tenant("acme", 999L), tenant("evil", 1L)));
      publishThenAbort(topic, torn);
      ConfigSnapshot afterAbort = view.current();
      publisher.apply(second);
      seen.add(next(changes));

      assertEquals(first, afterAbort);
      assertEquals(List.of(first, second), seen, "only committed revisions, in order");
      assertTrue(changes.isEmpty());
      assertEquals(2, view.revision());
    }
  }

  @Test
  void shouldLoadTheLatestRevisionWhenStartingAfterSeveralApplies() {
    Topic<String, ConfigEntity> topic = uniqueTopic("config-view-late");
    ConfigPublisher publisher = publisher(topic);
    publisher.apply(ConfigSnapshot.of(List.of(tenant("acme", 1L), tenant("beta", 1L))));
    publisher.apply(ConfigSnapshot.of(List.of(tenant("acme", 2L))));
    ConfigSnapshot latest = ConfigSnapshot.of(List.of(tenant("acme", 3L), tenant("gamma", 3L)));
    publisher.apply(latest);

    try (ConfigView view = view(topic)) {
      assertTrue(view.awaitLoaded(DEADLINE));

      assertEquals(latest, view.current());
      assertEquals(3, view.revision());
    }
  }

  private static ConfigView view(Topic<String, ConfigEntity> topic) {
    return ConfigView.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
        topic);
  }

  private static ConfigSnapshot next(BlockingQueue<ConfigSnapshot> changes) throws InterruptedException {
    ConfigSnapshot next = changes.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("no new config revision within " + DEADLINE);
    }
    return next;
  }

  /** What a publisher that fails after writing everything, marker included, leaves behind: an aborted transaction. */
  private static void publishThenAbort(Topic<String, ConfigEntity> topic, ConfigSnapshot torn) {
    Serializer<ConfigEntity> values = topic.valueSerde().serializer();
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "config-view-it-aborting-" + topic.name());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (ConfigEntity entity : torn.entities().values()) {
        producer.send(new ProducerRecord<>(topic.name(), entity.topicKey(), values.serialize(topic.name(), entity)));
      }
      ConfigRevision marker = new ConfigRevision(1, ConfigRevision.ID, 99, Instant.now(), torn.checksum(),
          torn.size());
      producer.send(new ProducerRecord<>(topic.name(), marker.topicKey(), values.serialize(topic.name(), marker)));
      producer.flush();
      producer.abortTransaction();
    }
  }
}
