package dev.tollgate.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A process's CPU time by kind of thread, in percent, from the kernel's thread names: where a service's CPU goes
 * besides its own work (the JIT compilers, the garbage collector, the Kafka clients' I/O threads, RocksDB).
 */
final class ThreadShares {
  private ThreadShares() {}

  /** "stream threads 61 %, JIT compilers 22 %, …", largest first. */
  static String of(Map<String, Long> ticksByThreadName) {
    Map<String, Long> byKind = new LinkedHashMap<>();
    ticksByThreadName.forEach((name, ticks) -> byKind.merge(kind(name), ticks, Long::sum));
    long total = Math.max(1, byKind.values().stream().mapToLong(Long::longValue).sum());
    return byKind.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / total))
        .collect(Collectors.joining(", "));
  }

  /** The kind of a thread from its name as the kernel keeps it (the Java name cut to 15 characters). */
  static String kind(String name) {
    if (name.contains("CompilerThre")) {
      return "JIT compilers";
    }
    if (name.startsWith("VM Thread") || name.startsWith("GC ") || name.startsWith("G1 ")) {
      return "GC and VM";
    }
    if (name.startsWith("kafka-producer-")) {
      return "producer I/O";
    }
    if (name.startsWith("kafka-")) {
      return "other Kafka client threads";
    }
    if (name.startsWith("rocksdb")) {
      return "RocksDB";
    }
    if (name.contains("-StreamThr") || name.startsWith("bench-metering")) {
      return "stream threads";
    }
    return "other";
  }
}
