package dev.tollgate.metering.pricing;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.topic.Topics;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global catalog store equal to the compacted {@code tollgate.config}: a value replaces the entity under
 * its key, a tombstone removes it. The store holds each entity's JSON (as {@code tollgate.config} does), which the
 * pricer decodes once per version ({@link CatalogReader}); records are read typed, so an unreadable one still stops
 * the application here rather than at pricing time.
 */
public final class CatalogUpdater implements Processor<String, ConfigEntity, Void, Void> {

  private static final Serializer<ConfigEntity> ENTITIES = Topics.CONFIG.valueSerde().serializer();

  private final String store;
  private KeyValueStore<String, byte[]> catalog;

  /**
   * @param store name of the global store to keep
   */
  public CatalogUpdater(String store) {
    this.store = store;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    catalog = context.getStateStore(store);
  }

  @Override
  public void process(Record<String, ConfigEntity> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      catalog.delete(record.key());
    } else {
      catalog.put(record.key(), ENTITIES.serialize(Topics.CONFIG.name(), record.value()));
    }
  }
}
