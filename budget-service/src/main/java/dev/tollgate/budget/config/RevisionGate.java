package dev.tollgate.budget.config;

import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.json.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the budgets off {@code tollgate.config} under the revision-marker rule: budget records (and tombstones)
 * are held in {@value #PENDING_STORE} until the next {@link ConfigRevision}, the last record of every apply; only
 * then is each budget that differs from the last applied one ({@value #APPLIED_STORE}) forwarded as a
 * {@link BudgetChange}, keyed by its tenant. A half-written apply is therefore never held against spend. Other
 * kinds of entity are ignored.
 *
 * <p>On a compacted topic the markers of earlier applies may be gone; their records are then applied at the next
 * marker that is left, together, which is the same end state.
 */
public final class RevisionGate implements ProcessorSupplier<String, ConfigEntity, String, BudgetChange> {

  /** Budget records read since the last marker, by record key. */
  public static final String PENDING_STORE = "budget-config-pending";

  /** The budgets as of the last marker, by budget id. */
  public static final String APPLIED_STORE = "budget-config-applied";

  private static final Logger LOG = LoggerFactory.getLogger(RevisionGate.class);
  private static final String PREFIX = ConfigKind.BUDGET.wire() + "/";

  @Override
  public Processor<String, ConfigEntity, String, BudgetChange> get() {
    return new Gate();
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return Set.of(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), JsonSerde.of(Pending.class)),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(APPLIED_STORE), Serdes.String(), JsonSerde.of(BudgetConfig.class)));
  }

  private static final class Gate implements Processor<String, ConfigEntity, String, BudgetChange> {
    private ProcessorContext<String, BudgetChange> context;
    private KeyValueStore<String, Pending> pending;
    private KeyValueStore<String, BudgetConfig> applied;

    @Override
    public void init(ProcessorContext<String, BudgetChange> context) {
      this.context = context;
      this.pending = context.getStateStore(PENDING_STORE);
      this.applied = context.getStateStore(APPLIED_STORE);
    }

    @Override
    public void process(Record<String, ConfigEntity> record) {
      String key = record.key();
      ConfigEntity value = record.value();
      if (value instanceof ConfigRevision) {
        applyPending(record.timestamp());
      } else if (key != null && key.startsWith(PREFIX)) {
        if (value == null) {
          pending.put(key, new Pending(null));
        } else if (value instanceof BudgetConfig budget && key.equals(budget.topicKey())) {
          pending.put(key, new Pending(budget));
        } else {
          LOG.warn("skipping config record {}: its value is not the budget of that key", key);
        }
      }
    }

    private void applyPending(long timestamp) {
      List<KeyValue<String, Pending>> changes = new ArrayList<>();
      try (KeyValueIterator<String, Pending> all = pending.all()) {
        all.forEachRemaining(changes::add);
      }
      for (KeyValue<String, Pending> change : changes) {
        apply(change.key.substring(PREFIX.length()), change.value.budget(), timestamp);
        pending.delete(change.key);
      }
    }

    private void apply(String id, BudgetConfig next, long timestamp) {
      BudgetConfig before = applied.get(id);
      if (next == null) {
        if (before != null) {
          applied.delete(id);
          forward(before.scope().tenant(), new BudgetChange(id, null, false), timestamp);
        }
        return;
      }
      if (next.equals(before)) {
        return;
      }
      if (before != null && !before.scope().tenant().equals(next.scope().tenant())) {
        forward(before.scope().tenant(), new BudgetChange(id, null, true), timestamp);
      }
      applied.put(id, next);
      forward(next.scope().tenant(), new BudgetChange(id, next, false), timestamp);
    }

    private void forward(String tenant, BudgetChange change, long timestamp) {
      context.forward(new Record<>(tenant, change, timestamp));
    }
  }
}
