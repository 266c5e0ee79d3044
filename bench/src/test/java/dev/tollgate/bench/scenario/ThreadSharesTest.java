package dev.tollgate.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadSharesTest {
  @Test
  void groupsThreadsByKindLargestFirst() {
    Map<String, Long> ticks = Map.of(
        "bench-metering-", 50L,
        "C2 CompilerThre", 20L,
        "C1 CompilerThre", 5L,
        "VM Thread", 10L,
        "kafka-producer-", 8L,
        "rocksdb:low", 7L,
        "main", 0L);

    assertEquals("stream threads 50 %, JIT compilers 25 %, GC and VM 10 %, producer I/O 8 %, RocksDB 7 %",
        ThreadShares.of(ticks));
  }

  @Test
  void namesKafkaClientThreadsApartFromTheProducer() {
    assertEquals("other Kafka client threads", ThreadShares.kind("kafka-coordinat"));
    assertEquals("producer I/O", ThreadShares.kind("kafka-producer-"));
    assertEquals("other", ThreadShares.kind("vert.x-eventloo"));
  }
}
