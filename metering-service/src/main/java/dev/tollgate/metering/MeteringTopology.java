package dev.tollgate.metering;

import dev.tollgate.metering.dedup.RequestDeduplicator;
import dev.tollgate.metering.pricing.CatalogUpdater;
import dev.tollgate.metering.pricing.UsagePricer;
import dev.tollgate.metering.rollup.RollupKey;
import dev.tollgate.metering.rollup.RollupLineSerde;
import dev.tollgate.metering.rollup.RollupSerdes;
import dev.tollgate.metering.rollup.RollupTotals;
import dev.tollgate.metering.rollup.TenantPartitioner;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Granularity;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.UsageRollup;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The metering topology, a pure function of its settings (no I/O besides Kafka):
 *
 * <pre>
 * tollgate.config ──► global store "metering-catalog" (every instance holds the whole catalog)
 * tollgate.usage (event time = started_at)
 *   ──► de-duplicate on request_id ("metering-dedup")
 *   ──► price at started_at (reads "metering-catalog")
 *   ──► tollgate.usage.priced (keyed by tenant)
 *   ──► group by tenant/key/model, repartitioned by tenant
 *   ──► hourly and daily windows with grace ("metering-rollup-hour", "metering-rollup-day", queryable)
 *   ──► tollgate.usage.rollups
 * </pre>
 */
public final class MeteringTopology {

  /** The global store of {@code tollgate.config}, by record key; values are the entities' JSON. */
  public static final String CATALOG_STORE = "metering-catalog";

  /** The window store of the hourly rollups, kept {@link MeteringSettings#hourlyRetention()}; queryable. */
  public static final String HOURLY_STORE = "metering-rollup-hour";

  /** The window store of the daily rollups, kept {@link MeteringSettings#dailyRetention()}; queryable. */
  public static final String DAILY_STORE = "metering-rollup-day";

  private static final Serde<RollupKey> ROLLUP_KEYS = RollupSerdes.keys();
  private static final Serde<RollupTotals> ROLLUP_TOTALS = RollupSerdes.totals();
  private static final Serde<RollupTotals> ROLLUP_LINES = new RollupLineSerde();

  private MeteringTopology() {}

  /**
   * Builds the topology.
   *
   * @param settings the de-duplication window and the rollup grace period
   * @return a topology to run with {@code processing.guarantee=exactly_once_v2}
   */
  public static Topology build(MeteringSettings settings) {
    StreamsBuilder builder = new StreamsBuilder();

    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CATALOG_STORE),
                Topics.CONFIG.keySerde(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        Topics.CONFIG.name(),
        Consumed.with(Topics.CONFIG.keySerde(), Topics.CONFIG.valueSerde()).withName("metering-config-source"),
        () -> new CatalogUpdater(CATALOG_STORE));

    KStream<String, PricedUsage> ledger =
        builder
            .stream(
                Topics.USAGE.name(),
                Consumed.with(Topics.USAGE.keySerde(), Topics.USAGE.valueSerde())
                    .withTimestampExtractor(new StartedAtExtractor())
                    .withName("metering-usage-source"))
            .processValues(new RequestDeduplicator(settings.dedupWindow()), Named.as("metering-dedup"))
            .processValues(new UsagePricer(CATALOG_STORE), Named.as("metering-price"));

    ledger.to(
        Topics.USAGE_PRICED.name(),
        Produced.with(Topics.USAGE_PRICED.keySerde(), Topics.USAGE_PRICED.valueSerde())
            .withName("metering-ledger-sink"));

    // repartitioned by tenant, not by the whole group: a tenant's windows stay in one task (see TenantPartitioner);
    // only what a rollup adds up crosses the repartition topic, not the whole line (see RollupLineSerde)
    KGroupedStream<RollupKey, RollupTotals> byGroup =
        ledger
            .map((tenant, line) -> KeyValue.pair(RollupKey.of(line), RollupTotals.of(line)),
                Named.as("metering-rollup-key"))
            .repartition(
                Repartitioned.<RollupKey, RollupTotals>as("metering-rollup")
                    .withKeySerde(ROLLUP_KEYS)
                    .withValueSerde(ROLLUP_LINES)
                    .withStreamPartitioner(new TenantPartitioner()))
            .groupByKey(Grouped.with(ROLLUP_KEYS, ROLLUP_LINES));
    rollUp(byGroup, Granularity.HOUR, HOURLY_STORE, settings.hourlyRetention(), settings);
    rollUp(byGroup, Granularity.DAY, DAILY_STORE, settings.dailyRetention(), settings);

    return builder.build();
  }

  private static void rollUp(
      KGroupedStream<RollupKey, RollupTotals> byGroup,
      Granularity granularity,
      String store,
      Duration retention,
      MeteringSettings settings) {
    String name = "metering-rollup-" + granularity.name().toLowerCase(Locale.ROOT);
    byGroup
        .windowedBy(TimeWindows.ofSizeAndGrace(granularity.length(), settings.rollupGrace()))
        .aggregate(
            () -> RollupTotals.EMPTY,
            (key, line, totals) -> totals.plus(line),
            Named.as(name + "-aggregate"),
            Materialized.<RollupKey, RollupTotals, WindowStore<Bytes, byte[]>>as(store)
                .withKeySerde(ROLLUP_KEYS)
                .withValueSerde(ROLLUP_TOTALS)
                .withRetention(retention))
        .toStream(Named.as(name + "-updates"))
        .filter((window, totals) -> totals != null, Named.as(name + "-no-tombstones"))
        .map(
            (window, totals) -> {
              UsageRollup rollup =
                  totals.toRollup(window.key(), granularity, window.window().startTime());
              return KeyValue.pair(rollup.topicKey(), rollup);
            },
            Named.as(name + "-to-record"))
        .to(
            Topics.USAGE_ROLLUPS.name(),
            Produced.with(Topics.USAGE_ROLLUPS.keySerde(), Topics.USAGE_ROLLUPS.valueSerde())
                .withName(name + "-sink"));
  }
}
