package dev.tollgate.metering.rollup;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every rollup of one tenant on one partition: the partition Kafka's default partitioner gives the tenant as a
 * record key (murmur2 of its UTF-8 bytes), the same partition as the tenant's usage events and ledger lines.
 *
 * <p>So all of a tenant's rollup windows live in one task, on one instance, and the usage API finds them with one
 * {@code queryMetadataForKey(store, tenant, partitioner)} instead of asking every instance.
 */
public final class TenantPartitioner implements StreamPartitioner<RollupKey, RollupTotals> {

  /**
   * The partition of {@code tenant} among {@code partitions}.
   *
   * @param tenant a tenant id
   * @param partitions how many partitions the topic has
   * @return the partition, as the default producer partitioner computes it for the key {@code tenant}
   */
  public static int partitionOf(String tenant, int partitions) {
    return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * The same rule for a bare tenant, as the key of an interactive query.
   *
   * @return a partitioner of tenant ids
   */
  public static StreamPartitioner<String, Object> forTenants() {
    return (topic, tenant, value, partitions) -> Optional.of(Set.of(partitionOf(tenant, partitions)));
  }

  @Override
  public Optional<Set<Integer>> partitions(String topic, RollupKey key, RollupTotals value, int partitions) {
    return Optional.of(Set.of(partitionOf(key.tenant(), partitions)));
  }
}
