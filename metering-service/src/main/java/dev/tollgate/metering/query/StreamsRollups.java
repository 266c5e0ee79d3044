package dev.tollgate.metering.query;

import dev.tollgate.metering.MeteringTopology;
import dev.tollgate.metering.rollup.RollupKey;
import dev.tollgate.metering.rollup.RollupTotals;
import dev.tollgate.metering.rollup.TenantPartitioner;
import dev.tollgate.schemas.usage.Granularity;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The rollup window stores of a running {@link KafkaStreams} client, read with interactive queries.
 *
 * <p>The rollups are repartitioned by tenant ({@link TenantPartitioner}), so one partition, and therefore one
 * active instance, holds every window of a tenant; {@link #ownerOf} asks Streams' metadata which one, with the same
 * partitioner. {@link #read} scans that partition's windows in the query's time range and keeps the tenant's: its
 * cost grows with the windows of all tenants on that partition in the range.
 */
public final class StreamsRollups implements RollupSource {

  private final KafkaStreams streams;
  private final HostInfo self;

  /**
   * @param streams the running client
   * @param self this instance's {@code application.server}
   */
  public StreamsRollups(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public Owner ownerOf(String tenant) {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw unavailable("metering is " + state.name().toLowerCase(java.util.Locale.ROOT) + "; try again shortly");
    }
    KeyQueryMetadata owner =
        streams.queryMetadataForKey(MeteringTopology.HOURLY_STORE, tenant, TenantPartitioner.forTenants());
    if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
      throw unavailable("the usage store is being reassigned; try again shortly");
    }
    HostInfo host = owner.activeHost();
    return new Owner(host.host(), host.port(), owner.partition(), host.equals(self));
  }

  @Override
  public UsageReport read(UsageQuery query, int partition) {
    UsageReport report = new UsageReport(query);
    try {
      for (WindowSlice slice : query.slices()) {
        ReadOnlyWindowStore<RollupKey, RollupTotals> store = store(slice.granularity(), partition);
        // fetchAll's time bounds are inclusive and apply to the window start
        try (KeyValueIterator<Windowed<RollupKey>, RollupTotals> windows =
            store.fetchAll(slice.from(), slice.to().minusMillis(1))) {
          while (windows.hasNext()) {
            KeyValue<Windowed<RollupKey>, RollupTotals> window = windows.next();
            if (window.key.key().tenant().equals(query.tenant())) {
              report.add(window.key.key(), window.key.window().startTime(), window.value);
            }
          }
        }
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable("the usage store is rebalancing; try again shortly");
    }
    return report;
  }

  private ReadOnlyWindowStore<RollupKey, RollupTotals> store(Granularity granularity, int partition) {
    String name = granularity == Granularity.HOUR ? MeteringTopology.HOURLY_STORE : MeteringTopology.DAILY_STORE;
    return streams.store(StoreQueryParameters
        .fromNameAndType(name, QueryableStoreTypes.<RollupKey, RollupTotals>windowStore())
        .withPartition(partition));
  }

  private static ApiError.Failure unavailable(String message) {
    return new ApiError.Unavailable(message).failure();
  }
}
