package dev.tollgate.routing.http;

import dev.tollgate.schemas.topic.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's copy of a compacted topic: the latest value per key, read from the beginning without a consumer
 * group (so every instance sees every key) by a daemon thread, and then followed. Reads are map lookups, never a
 * call to Kafka. A record that does not parse is logged and skipped.
 *
 * @param <V> the value type
 */
public final class LatestByKey<V> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LatestByKey.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final Topic<String, V> topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, V> latest = new ConcurrentHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closing;

  private LatestByKey(Topic<String, V> topic, KafkaConsumer<String, byte[]> consumer) {
    this.topic = topic;
    this.consumer = consumer;
    this.thread = new Thread(this::run, "tollgate-view-" + topic.name());
    thread.setDaemon(true);
  }

  /**
   * Starts reading {@code topic}.
   *
   * @param bootstrapServers the cluster
   * @param topic the compacted topic and its serdes
   * @param <V> the value type
   * @return a running view; close it when the service stops
   */
  public static <V> LatestByKey<V> start(String bootstrapServers, Topic<String, V> topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-routing-view-" + topic.name());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    LatestByKey<V> view =
        new LatestByKey<>(topic, new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
    view.thread.start();
    return view;
  }

  /** @return the latest value under {@code key}, or empty when there is none or it was deleted */
  public Optional<V> get(String key) {
    return Optional.ofNullable(latest.get(key));
  }

  /**
   * Records a value this instance has just written, so that its own next read sees it before the topic echoes it.
   *
   * @param key the record key
   * @param value the value, or null for a tombstone
   */
  public void wrote(String key, V value) {
    if (value == null) {
      latest.remove(key);
    } else {
      latest.put(key, value);
    }
  }

  /** @return whether everything the topic held at start has been read */
  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      Map<TopicPartition, Long> end = assign();
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          accept(record);
        }
        if (loaded.getCount() > 0 && caughtUp(end)) {
          loaded.countDown();
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer
    } catch (RuntimeException e) {
      LOG.error("view of {} stopped; serving what it had read", topic.name(), e);
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  private Map<TopicPartition, Long> assign() {
    while (!closing) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (!partitions.isEmpty()) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions);
      }
      LOG.warn("topic {} does not exist yet; retrying", topic.name());
      try {
        Thread.sleep(RETRY_DELAY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closing = true;
      }
    }
    return Map.of();
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      latest.remove(record.key());
      return;
    }
    try {
      latest.put(record.key(), topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
    } catch (RuntimeException e) {
      LOG.warn("skipping a record of {} under {}: {}", topic.name(), record.key(), e.getMessage());
    }
  }
}
