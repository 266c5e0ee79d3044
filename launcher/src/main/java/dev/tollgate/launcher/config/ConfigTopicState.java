package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration the topic holds now: every committed entity, the last revision, and the keys whose values
 * this version cannot read (written by a newer one, say), which an apply must still be able to overwrite or
 * delete.
 */
record ConfigTopicState(ConfigSnapshot snapshot, long revision, Set<String> unreadableKeys) {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigTopicState.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** Reads {@code topic} from the beginning up to its end offsets, with a consumer that reads committed records. */
  static ConfigTopicState read(Consumer<String, byte[]> consumer, Deserializer<ConfigEntity> values, String topic,
      Duration timeout) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    Reading reading = new Reading(values, topic);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(consumer, end)) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("reading " + topic + " took longer than " + timeout);
      }
      consumer.poll(POLL).forEach(reading::accept);
    }
    return reading.state();
  }

  private static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The state so far; the latest record of a key wins, and a tombstone removes it. */
  private static final class Reading {
    private final Deserializer<ConfigEntity> values;
    private final String topic;
    private final Map<String, ConfigEntity> entities = new HashMap<>();
    private final Set<String> unreadable = new TreeSet<>();
    private long revision;

    Reading(Deserializer<ConfigEntity> values, String topic) {
      this.values = values;
      this.topic = topic;
    }

    void accept(ConsumerRecord<String, byte[]> record) {
      String key = record.key();
      if (key == null) {
        LOG.warn("ignoring a record without a key at offset {}", record.offset());
        return;
      }
      unreadable.remove(key);
      entities.remove(key);
      if (record.value() == null) {
        return;
      }
      try {
        ConfigEntity entity = values.deserialize(topic, record.value());
        if (entity instanceof ConfigRevision) {
          revision = ((ConfigRevision) entity).revision();
        } else if (key.equals(entity.topicKey())) {
          entities.put(key, entity);
        } else {
          LOG.warn("config record {} holds {}; the apply will delete it", key, entity.topicKey());
          unreadable.add(key);
        }
      } catch (RuntimeException e) {
        // Only the key: values may hold key hashes.
        LOG.warn("cannot read config record {} ({}); the apply will overwrite or delete it", key,
            e.getClass().getSimpleName());
        unreadable.add(key);
      }
    }

    ConfigTopicState state() {
      return new ConfigTopicState(ConfigSnapshot.of(entities.values()), revision, Set.copyOf(unreadable));
    }
  }
}
