package dev.tollgate.metering.query;

/**
 * Where the usage API reads rollups: the Kafka Streams stores of this instance, or another instance's.
 * Both methods may throw {@link ApiError.Failure} with {@link ApiError.Unavailable} while the stores cannot answer.
 */
public interface RollupSource {

  /**
   * The instance whose active task holds the rollups of {@code tenant}.
   *
   * @param tenant a tenant id
   * @return its address and partition, and whether it is this instance
   */
  Owner ownerOf(String tenant);

  /**
   * Reads the query's windows from this instance's stores; blocking (it scans local RocksDB).
   *
   * @param query the question
   * @param partition the partition of the query's tenant, from {@link #ownerOf}
   * @return the report
   */
  UsageReport read(UsageQuery query, int partition);

  /**
   * The instance that answers for a tenant.
   *
   * @param host its advertised API host ({@code application.server})
   * @param port its API port
   * @param partition the partition that holds the tenant's rollups
   * @param local whether that is this instance
   */
  record Owner(String host, int port, int partition, boolean local) {}
}
