package dev.tollgate.metering.pricing;

import dev.tollgate.schemas.config.ConfigEntity;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global catalog store equal to the compacted {@code tollgate.config}: a value replaces the entity under
 * its key, a tombstone removes it.
 */
public final class CatalogUpdater implements Processor<String, ConfigEntity, Void, Void> {

  private final String store;
  private KeyValueStore<String, ConfigEntity> catalog;

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
      catalog.put(record.key(), record.value());
    }
  }
}
