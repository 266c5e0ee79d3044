package dev.tollgate.routing.catalog;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.json.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models and providers of {@code tollgate.config} under the revision-marker rule: their records (and
 * tombstones) wait in {@value #PENDING_STORE} until the next {@link ConfigRevision}, the last record of every apply,
 * and only then enter {@value #APPLIED_STORE}. A half-written apply never reaches a route table. On a compacted
 * topic earlier markers may be gone; their records then apply together at the next one, the same end state.
 */
final class ConfigGate {

  /** Model and provider records read since the last marker, by record key. */
  static final String PENDING_STORE = "routing-config-pending";

  /** The models and providers as of the last marker, by record key ({@code kind/id}). */
  static final String APPLIED_STORE = "routing-config-applied";

  private static final Logger LOG = LoggerFactory.getLogger(ConfigGate.class);
  private static final String MODELS = ConfigKind.MODEL.wire() + "/";
  private static final String PROVIDERS = ConfigKind.PROVIDER.wire() + "/";

  private final KeyValueStore<String, PendingConfig> pending;
  private final KeyValueStore<String, ConfigEntity> applied;

  ConfigGate(KeyValueStore<String, PendingConfig> pending, KeyValueStore<String, ConfigEntity> applied) {
    this.pending = pending;
    this.applied = applied;
  }

  static Set<StoreBuilder<?>> stores() {
    return Set.of(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), JsonSerde.of(PendingConfig.class)),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(APPLIED_STORE), Serdes.String(), JsonSerde.of(ConfigEntity.class)));
  }

  /**
   * Takes one record of the config topic.
   *
   * @return whether a revision marker applied a change to the models or providers
   */
  boolean accept(String key, ConfigEntity entity) {
    if (entity instanceof ConfigRevision) {
      return applyPending();
    }
    if (key == null || !(key.startsWith(MODELS) || key.startsWith(PROVIDERS))) {
      return false;
    }
    if (entity != null && !key.equals(entity.topicKey())) {
      LOG.warn("skipping config record {}: its value belongs under {}", key, entity.topicKey());
      return false;
    }
    pending.put(key, new PendingConfig(entity));
    return false;
  }

  ModelConfig model(String alias) {
    return applied.get(MODELS + alias) instanceof ModelConfig model ? model : null;
  }

  ProviderConfig provider(String id) {
    return applied.get(PROVIDERS + id) instanceof ProviderConfig provider ? provider : null;
  }

  List<ModelConfig> models() {
    List<ModelConfig> models = new ArrayList<>();
    try (KeyValueIterator<String, ConfigEntity> all = applied.prefixScan(MODELS, Serdes.String().serializer())) {
      all.forEachRemaining(e -> models.add((ModelConfig) e.value));
    }
    return models;
  }

  private boolean applyPending() {
    List<KeyValue<String, PendingConfig>> changes = new ArrayList<>();
    try (KeyValueIterator<String, PendingConfig> all = pending.all()) {
      all.forEachRemaining(changes::add);
    }
    boolean changed = false;
    for (KeyValue<String, PendingConfig> change : changes) {
      ConfigEntity before = applied.get(change.key);
      ConfigEntity after = change.value.entity();
      if (after == null && before != null) {
        applied.delete(change.key);
        changed = true;
      } else if (after != null && !after.equals(before)) {
        applied.put(change.key, after);
        changed = true;
      }
      pending.delete(change.key);
    }
    return changed;
  }
}
