package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
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

  static ConfigTopicState read(Consumer<String, byte[]> consumer, Deserializer<ConfigEntity> values, String topic,
      Duration timeout, Clock clock) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
        .map(PartitionInfo::partition)
        .map(p -> new TopicPartition(topic, p))
        .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    Map<String, ConfigEntity> entities = new HashMap<>();
    Set<String> unreadable = new TreeSet<>();
    long revision = 0;
    Instant deadline = clock.instant().plus(timeout);
    while (!reached(consumer, end)) {
      if (clock.instant().isAfter(deadline)) {
        throw new TimeoutException("reading " + topic + " took longer than " + timeout);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        String key = record.key();
        unreadable.remove(key);
        entities.remove(key);
        if (record.value() == null) {
          continue;
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
    }
    return new ConfigTopicState(ConfigSnapshot.of(entities.values()), revision, Set.copyOf(unreadable));
  }

  private static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
