package dev.tollgate.schemas.config;

import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's live, read-only copy of the configuration on {@code tollgate.config}. Every service holds one and
 * reads {@link #current()} on its hot path: a plain volatile read, never a call to Kafka.
 *
 * <p>A daemon thread reads the whole topic from the beginning, without a consumer group, so every instance sees
 * every entity, and then follows it. It reads only committed records and swaps in a new snapshot only when it
 * reads a revision marker, the last record of every apply: a half-applied configuration is never visible. When
 * Kafka goes away it keeps serving the last snapshot and catches up once Kafka is back.
 *
 * <pre>{@code
 * ConfigView view = ConfigView.start("localhost:9092");
 * view.onChange(snapshot -> routes.rebuild(snapshot));
 * view.awaitLoaded(Duration.ofSeconds(30));
 * routes.rebuild(view.current());
 * }</pre>
 */
public final class ConfigView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigView.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final Deserializer<ConfigEntity> values;
  private final String topic;
  private final Thread thread;
  private final ConfigReplica replica = new ConfigReplica();
  private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Published published = Published.NOTHING;
  // Owned by the reading thread.
  private Map<TopicPartition, Long> startEnd;
  private String failure;

  ConfigView(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, Deserializer<ConfigEntity> values,
      String topic) {
    this.consumer = consumer;
    this.values = values;
    this.topic = topic;
    this.thread = new Thread(this::run, "tollgate-config-view");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> LOG.error("config view stopped; serving revision {} from now on",
        revision(), e));
  }

  /**
   * Starts a view of the cluster at {@code bootstrapServers}.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}
   * @return a running view; {@link #close()} it when the service stops
   */
  public static ConfigView start(String bootstrapServers) {
    return start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * Starts a view with client settings such as {@code bootstrap.servers} and security. The settings that make it
   * a view (committed reads from the beginning, no group, no auto-commit) are set here and cannot be overridden.
   *
   * @param clientConfig Kafka consumer settings
   * @return a running view; {@link #close()} it when the service stops
   */
  public static ConfigView start(Map<String, Object> clientConfig) {
    return start(clientConfig, Topics.CONFIG);
  }

  /**
   * Starts a view of another topic than {@link Topics#CONFIG}: for tests, and for clusters that namespace their
   * topics.
   *
   * @param clientConfig Kafka consumer settings
   * @param topic the configuration topic and its serdes
   * @return a running view; {@link #close()} it when the service stops
   */
  public static ConfigView start(Map<String, Object> clientConfig, Topic<String, ConfigEntity> topic) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-config-view");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only the publisher creates the topic, with compaction; an auto-created one would delete config.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    return start(consumer, topic.valueSerde().deserializer(), topic.name());
  }

  static ConfigView start(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      Deserializer<ConfigEntity> values, String topic) {
    ConfigView view = new ConfigView(consumer, values, topic);
    view.thread.start();
    return view;
  }

  /**
   * The latest configuration: empty before the first revision is read, then always a complete revision.
   *
   * @return the snapshot; never null
   */
  public ConfigSnapshot current() {
    return published.snapshot();
  }

  /**
   * The revision {@link #current()} is, as numbered by the publisher.
   *
   * @return the revision, or 0 before any
   */
  public long revision() {
    return published.revision();
  }

  /**
   * Whether the view has read everything the topic held when it started: from then on {@link #current()} is the
   * configuration in force, not just an empty one.
   *
   * @return true once loaded; stays true
   */
  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  /**
   * Waits until the view {@link #isLoaded() is loaded}.
   *
   * @param timeout how long to wait at most
   * @return whether it is loaded
   */
  public boolean awaitLoaded(Duration timeout) {
    try {
      return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return isLoaded();
    }
  }

  /**
   * Calls {@code listener} with every snapshot swapped in from now on, on the view's thread, in registration
   * order. It is not called with the snapshot already current: read {@link #current()} after registering. A
   * listener that throws is logged and does not stop the others.
   *
   * @param listener what to call; must return quickly
   */
  public void onChange(Consumer<ConfigSnapshot> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops reading and waits for the thread to end; {@link #current()} keeps answering. */
  @Override
  public void close() {
    closing.countDown();
    consumer.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (closing.getCount() > 0) {
        try {
          step();
          recovered();
        } catch (WakeupException e) {
          // close() woke the consumer; the loop condition ends the thread.
        } catch (RuntimeException e) {
          // Broker gone, timeouts, authorization: the last snapshot stays in force until reads work again.
          failed(e);
          pause(RETRY_DELAY);
        }
      }
    } finally {
      consumer.close(CLOSE_TIMEOUT);
    }
  }

  private void step() {
    if (startEnd == null && !assign()) {
      pause(RETRY_DELAY);
      return;
    }
    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
      read(record).ifPresent(replica::accept);
    }
    if (!replica.isCaughtUp() && caughtUp()) {
      replica.catchUp();
    }
    replica.take().ifPresent(this::publish);
    // Only after the swap: whoever awaited loading must find the snapshot in place.
    if (replica.isCaughtUp() && !isLoaded()) {
      loaded.countDown();
      LOG.info("config view loaded revision {} ({})", revision(), current());
    }
  }

  /** Assigns every partition of the topic, or reports a missing topic: nothing has ever been applied. */
  private boolean assign() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, POLL_TIMEOUT.multipliedBy(10));
    if (infos == null || infos.isEmpty()) {
      if (!isLoaded()) {
        LOG.info("config view: {} does not exist yet, so nothing has been applied; serving an empty config", topic);
        loaded.countDown();
      }
      return false;
    }
    if (infos.size() > 1) {
      LOG.warn("{} has {} partitions; a revision is atomic only within one", topic, infos.size());
    }
    List<TopicPartition> partitions = infos.stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    // Under read_committed these are the last stable offsets: an open transaction is not waited for.
    startEnd = consumer.endOffsets(partitions);
    return true;
  }

  private boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> end : startEnd.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The record as a change, or empty when it cannot be used. Only keys are logged: values may hold key hashes. */
  private Optional<ConfigReplica.Change> read(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      LOG.warn("skipping a record without a key at {}-{}@{}", record.topic(), record.partition(), record.offset());
      return Optional.empty();
    }
    if (record.value() == null) {
      return Optional.of(new ConfigReplica.Change(record.key(), null));
    }
    try {
      return Optional.of(new ConfigReplica.Change(record.key(), values.deserialize(record.topic(), record.value())));
    } catch (RuntimeException e) {
      LOG.warn("skipping config record {} at offset {}: it cannot be read ({})", record.key(), record.offset(),
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private void publish(Published next) {
    published = next;
    LOG.info("config revision {} in force: {}", next.revision(), next.snapshot());
    for (Consumer<ConfigSnapshot> listener : listeners) {
      try {
        listener.accept(next.snapshot());
      } catch (RuntimeException e) {
        LOG.warn("a config listener failed on revision {}", next.revision(), e);
      }
    }
  }

  private void failed(RuntimeException e) {
    String state = e.getClass().getName();
    if (!state.equals(failure)) {
      failure = state;
      LOG.warn("config view cannot read {} ({}); serving revision {} until it can", topic, e, revision());
    }
  }

  private void recovered() {
    if (failure != null) {
      LOG.info("config view reads {} again", topic);
      failure = null;
    }
  }

  private void pause(Duration delay) {
    try {
      closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }

  /** A snapshot and the revision it is. */
  record Published(ConfigSnapshot snapshot, long revision) {
    static final Published NOTHING = new Published(ConfigSnapshot.empty(), 0);
  }
}
