package dev.tollgate.edge.usage;

/** Asks whether Kafka takes usage events now; the replayer calls it, with back-off, while events are spooled. */
interface KafkaProbe extends AutoCloseable {

  /** True if the cluster answers and the usage topic has partitions; never throws. */
  boolean reachable();

  @Override
  default void close() {}
}
