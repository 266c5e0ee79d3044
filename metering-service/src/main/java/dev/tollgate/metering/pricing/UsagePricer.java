package dev.tollgate.metering.pricing;

import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.UsageEvent;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns each usage event into a ledger line. The catalog is the global store of {@code tollgate.config}, so every
 * instance can price any tenant's event. An event with no price is never dropped: it is written with a zero cost
 * and {@code unpriced = true}, and counted in {@code unpriced-no-deployment-total}, {@code
 * unpriced-unknown-deployment-total} or {@code unpriced-no-price-total} (group {@code stream-metering-metrics});
 * priced events are counted in {@code priced-total}. {@code priced_at} is the wall-clock time of the stream thread.
 */
public final class UsagePricer implements FixedKeyProcessorSupplier<String, UsageEvent, PricedUsage> {

  /** The metric operation that counts priced events. */
  public static final String PRICED = "priced";

  private final String catalogStore;

  /**
   * @param catalogStore name of the global store that holds {@code tollgate.config} by record key
   */
  public UsagePricer(String catalogStore) {
    this.catalogStore = catalogStore;
  }

  /**
   * The metric operation that counts events unpriced for {@code reason}.
   *
   * @param reason why no price applied
   * @return for example {@code unpriced-no-price}
   */
  public static String unpricedOperation(PriceLookup.Unpriced reason) {
    return "unpriced-" + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public FixedKeyProcessor<String, UsageEvent, PricedUsage> get() {
    return new Processor(catalogStore);
  }

  private static final class Processor implements FixedKeyProcessor<String, UsageEvent, PricedUsage> {
    private final String catalogStore;
    private FixedKeyProcessorContext<String, PricedUsage> context;
    private PriceLookup lookup;
    private Sensor priced;
    private final Map<PriceLookup.Unpriced, Sensor> unpriced = new EnumMap<>(PriceLookup.Unpriced.class);

    Processor(String catalogStore) {
      this.catalogStore = catalogStore;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, PricedUsage> context) {
      this.context = context;
      KeyValueStore<String, byte[]> catalog = context.getStateStore(catalogStore);
      this.lookup = new PriceLookup(new CatalogReader(catalog)::get);
      String task = context.taskId().toString();
      this.priced = context.metrics().addRateTotalSensor("metering", task, PRICED, Sensor.RecordingLevel.INFO);
      for (PriceLookup.Unpriced reason : PriceLookup.Unpriced.values()) {
        unpriced.put(
            reason,
            context
                .metrics()
                .addRateTotalSensor("metering", task, unpricedOperation(reason), Sensor.RecordingLevel.INFO));
      }
    }

    @Override
    public void process(FixedKeyRecord<String, UsageEvent> record) {
      UsageEvent event = record.value();
      PriceLookup.Result result = lookup.priceOf(event);
      Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
      PricedUsage line;
      if (result.price() != null) {
        line =
            new PricedUsage(
                PricedUsage.CURRENT_SCHEMA_VERSION,
                event,
                result.price(),
                Tariff.cost(event.tokens(), result.price()),
                false,
                now);
        priced.record();
      } else {
        line = new PricedUsage(PricedUsage.CURRENT_SCHEMA_VERSION, event, null, Cost.ZERO, true, now);
        unpriced.get(result.unpriced()).record();
      }
      context.forward(record.withValue(line));
    }
  }
}
