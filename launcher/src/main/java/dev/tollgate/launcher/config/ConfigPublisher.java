package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigChanges;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.ConfigView;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a configuration to {@code tollgate.config}: only what changed, and all of it or nothing.
 *
 * <p>One Kafka transaction holds the new and changed entities, a tombstone for every removed one and, last, the
 * {@link ConfigRevision} marker that {@link ConfigView}s wait for. A failure aborts the transaction, so a running
 * system never sees half of an apply. Every publisher shares one transactional id: a second apply started while
 * one is running fences the first, which then fails without publishing anything.
 */
public final class ConfigPublisher {
  /** Shared by every publisher, so that two applies can never interleave. */
  public static final String TRANSACTIONAL_ID = "tollgate-config-publisher";
  /** How long an apply may wait on Kafka at each step before it gives up. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ConfigPublisher.class);

  private final Map<String, Object> clientConfig;
  private final Topic<String, ConfigEntity> topic;
  private final Serializer<ConfigEntity> values;
  private final Clock clock;

  ConfigPublisher(Map<String, Object> clientConfig, Topic<String, ConfigEntity> topic, Clock clock) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.topic = topic;
    this.values = topic.valueSerde().serializer();
    this.clock = clock;
  }

  /**
   * A publisher for the cluster reached with {@code clientConfig}.
   *
   * @param clientConfig Kafka client settings: {@code bootstrap.servers} and any security settings
   * @return the publisher
   */
  public static ConfigPublisher create(Map<String, Object> clientConfig) {
    return new ConfigPublisher(clientConfig, Topics.CONFIG, Clock.systemUTC());
  }

  /**
   * A publisher for the cluster at {@code bootstrapServers}.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}
   * @return the publisher
   */
  public static ConfigPublisher create(String bootstrapServers) {
    return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * Makes {@code next} the configuration in force: creates the topic when missing, reads what it holds, and
   * publishes the difference as the next revision. When nothing differs, publishes nothing.
   *
   * @param next the configuration to apply, as loaded and validated
   * @return what was published
   * @throws ConfigApplyException when the apply failed; nothing of it was published
   */
  public ApplyResult apply(ConfigSnapshot next) {
    try {
      try (Admin admin = Admin.create(clientConfig)) {
        ConfigTopic.ensure(admin, topic);
      }
      try (Producer<String, byte[]> producer = producer()) {
        // Fences any earlier publisher and settles its open transaction, so the state read next is complete.
        producer.initTransactions();
        ConfigTopicState current = readCurrent();
        Plan plan = Plan.of(current, next);
        if (plan.isEmpty()) {
          LOG.info("config up to date at revision {}", current.revision());
          return new ApplyResult(current.revision(), 0, 0, 0, true);
        }
        long revision = current.revision() + 1;
        publish(producer, plan.changes(), revision, next);
        ApplyResult result = new ApplyResult(revision, plan.added(), plan.changed(), plan.removed(), false);
        LOG.info("config {}", result.summary());
        return result;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigApplyException("interrupted; nothing was applied", e);
    } catch (KafkaException e) {
      throw new ConfigApplyException("cannot apply the configuration: " + e.getMessage(), e);
    }
  }

  private void publish(Producer<String, byte[]> producer, ConfigChanges changes, long revision,
      ConfigSnapshot next) {
    producer.beginTransaction();
    try {
      for (ConfigEntity entity : changes.upserts()) {
        send(producer, entity.topicKey(), entity);
      }
      for (String key : changes.deletedKeys()) {
        send(producer, key, null);
      }
      ConfigRevision marker = new ConfigRevision(ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID,
          revision, clock.instant(), next.checksum(), next.size());
      send(producer, marker.topicKey(), marker);
      // Waits for every send; throws if any failed.
      producer.commitTransaction();
    } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
        | AuthorizationException e) {
      // The producer cannot abort after these; closing it lets the coordinator abort the transaction.
      throw new ConfigApplyException("the apply was abandoned (" + e.getClass().getSimpleName()
          + "): another apply may have started; nothing of this one was published", e);
    } catch (RuntimeException e) {
      abort(producer, e);
      throw new ConfigApplyException("the apply failed and was rolled back: " + e.getMessage(), e);
    }
  }

  /** A null entity is a tombstone. */
  private void send(Producer<String, byte[]> producer, String key, ConfigEntity entity) {
    producer.send(new ProducerRecord<>(topic.name(), key, values.serialize(topic.name(), entity)));
  }

  private static void abort(Producer<String, byte[]> producer, RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private ConfigTopicState readCurrent() {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-config-publisher-reader");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      return ConfigTopicState.read(consumer, topic.valueSerde().deserializer(), topic.name(), TIMEOUT);
    }
  }

  private Producer<String, byte[]> producer() {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tollgate-config-publisher");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** The changes to publish and how they count: added, changed, removed. */
  record Plan(ConfigChanges changes, int added, int changed, int removed, boolean needsMarker) {
    static Plan of(ConfigTopicState current, ConfigSnapshot next) {
      ConfigChanges diff = current.snapshot().diff(next);
      int added = 0;
      for (ConfigEntity entity : diff.upserts()) {
        boolean existed = current.snapshot().get(entity.topicKey()).isPresent()
            || current.unreadableKeys().contains(entity.topicKey());
        added += existed ? 0 : 1;
      }
      List<String> deleted = new ArrayList<>(diff.deletedKeys());
      for (String key : current.unreadableKeys()) {
        if (next.get(key).isEmpty()) {
          deleted.add(key);
        }
      }
      // Entities without any marker can only come from a writer that is not us; a marker makes them visible.
      boolean needsMarker = current.revision() == 0 && !next.isEmpty();
      ConfigChanges changes = new ConfigChanges(diff.upserts(), deleted);
      return new Plan(changes, added, diff.upserts().size() - added, deleted.size(), needsMarker);
    }

    boolean isEmpty() {
      return changes.isEmpty() && !needsMarker;
    }
  }
}
