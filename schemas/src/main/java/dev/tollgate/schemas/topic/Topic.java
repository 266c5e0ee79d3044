package dev.tollgate.schemas.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the contract: its name, how it is laid out and kept, and the serdes of its keys and values. Services
 * take everything from the constant in {@link Topics}, so a name or a serde is never spelled twice:
 *
 * <pre>{@code
 * builder.stream(Topics.USAGE.name(), Consumed.with(Topics.USAGE.keySerde(), Topics.USAGE.valueSerde()));
 * }</pre>
 *
 * @param name the topic name
 * @param partitions how many partitions the topic is created with, and the fewest it may have
 * @param cleanup delete or compact
 * @param retention how long records are kept before deletion; null for the broker's default (and for compacted
 *     topics, which keep the latest record per key for ever)
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 * @param keyType class of the record keys
 * @param valueType class of the record values
 * @param <K> the key type
 * @param <V> the value type
 */
public record Topic<K, V>(
    String name,
    int partitions,
    CleanupPolicy cleanup,
    Duration retention,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    Class<K> keyType,
    Class<V> valueType) {

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1");
    }
    Objects.requireNonNull(cleanup, "cleanup");
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException(name + ": retention must be positive");
    }
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
  }

  /**
   * The topic-level configuration the topic is created with.
   *
   * @return {@code cleanup.policy}, and {@code retention.ms} when a retention is set
   */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.config());
    if (retention != null) {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
    return Map.copyOf(configs);
  }
}
