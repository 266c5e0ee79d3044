package dev.tollgate.metering.pricing;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.topic.Topics;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads entities from the catalog store, decoding each stored value once. Decoding a model's JSON for every usage
 * event was the costliest part of pricing; the decoded entity is kept with the bytes it came from and reused while
 * the store holds the same bytes, so a config update is seen at the next lookup, exactly as without the cache.
 *
 * <p>One reader per stream task (not thread-safe). It holds at most one entry per catalog key that was looked up and
 * found, so its size is bounded by the catalog's.
 */
final class CatalogReader {

  private record Decoded(byte[] bytes, ConfigEntity entity) {}

  private static final Deserializer<ConfigEntity> ENTITIES = Topics.CONFIG.valueSerde().deserializer();

  private final KeyValueStore<String, byte[]> store;
  private final Map<String, Decoded> decoded = new HashMap<>();

  /**
   * @param store the catalog: {@code tollgate.config} record keys to the entities' JSON
   */
  CatalogReader(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /**
   * The entity stored under {@code key}.
   *
   * @param key a record key of {@code tollgate.config} ({@code kind/id})
   * @return the entity, or null when the catalog has none
   */
  ConfigEntity get(String key) {
    byte[] bytes = store.get(key);
    if (bytes == null) {
      decoded.remove(key);
      return null;
    }
    Decoded cached = decoded.get(key);
    if (cached != null && Arrays.equals(cached.bytes(), bytes)) {
      return cached.entity();
    }
    ConfigEntity entity = ENTITIES.deserialize(Topics.CONFIG.name(), bytes);
    decoded.put(key, new Decoded(bytes, entity));
    return entity;
  }
}
