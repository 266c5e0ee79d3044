package dev.tollgate.metering.dedup;

import dev.tollgate.schemas.usage.UsageEvent;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Keeps the first delivery of each {@code request_id} and drops the others seen within the window.
 *
 * <p>The store is a window store keyed by {@code request_id}, holding the stream time at which the id was first
 * seen. Stream time is the latest {@code started_at} seen by the task, so the window is measured in the time of the
 * data, not in the order events arrive: an event that is itself late (its {@code started_at} long past) is still
 * remembered for the whole window from the moment it arrived. Entries older than the window are dropped a segment
 * at a time by the store. Usage topics are keyed by tenant and a request belongs to one tenant, so every delivery
 * of one request reaches the same task and the same store.
 *
 * <p>Every dropped duplicate is counted in {@code duplicate-total} (group {@code stream-metering-metrics}).
 */
public final class RequestDeduplicator implements FixedKeyProcessorSupplier<String, UsageEvent, UsageEvent> {

  /** The state store of first sightings. */
  public static final String STORE = "metering-dedup";

  /** The metric operation that counts dropped duplicates. */
  public static final String DUPLICATES = "duplicate";

  private final Duration window;

  /**
   * @param window how long, in stream time, a {@code request_id} is remembered
   */
  public RequestDeduplicator(Duration window) {
    this.window = window;
  }

  @Override
  public FixedKeyProcessor<String, UsageEvent, UsageEvent> get() {
    return new Processor(window.toMillis());
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return Set.of(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(STORE, window, window, false), Serdes.String(), Serdes.Long()));
  }

  private static final class Processor implements FixedKeyProcessor<String, UsageEvent, UsageEvent> {
    private final long windowMs;
    private FixedKeyProcessorContext<String, UsageEvent> context;
    private WindowStore<String, Long> firstSeen;
    private Sensor duplicates;

    Processor(long windowMs) {
      this.windowMs = windowMs;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, UsageEvent> context) {
      this.context = context;
      this.firstSeen = context.getStateStore(STORE);
      this.duplicates =
          context
              .metrics()
              .addRateTotalSensor("metering", context.taskId().toString(), DUPLICATES, Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, UsageEvent> record) {
      String requestId = record.value().requestId();
      // stream time includes this record; the max only guards a task that has not seen a timestamp yet
      long now = Math.max(context.currentStreamTimeMs(), record.timestamp());
      if (isDuplicate(requestId, now)) {
        duplicates.record();
        return;
      }
      rememberNewEvent(requestId, now);
      context.forward(record);
    }

    private boolean isDuplicate(String requestId, long now) {
      try (WindowStoreIterator<Long> seen = firstSeen.fetch(requestId, Math.max(0, now - windowMs), now)) {
        return seen.hasNext();
      }
    }

    private void rememberNewEvent(String requestId, long now) {
      firstSeen.put(requestId, now, now);
    }
  }
}
