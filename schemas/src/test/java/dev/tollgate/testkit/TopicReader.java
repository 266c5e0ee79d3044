package dev.tollgate.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning, as a downstream service would see it: {@code isolation.level=read_committed},
 * so records of aborted or still-open transactions never show up.
 *
 * <p>Each read uses a fresh consumer with no group (partitions are assigned directly), so reading never commits
 * offsets or joins a rebalance. The deserializers are closed with that consumer, so pass ones that stay usable
 * after {@code close()} (Kafka's own do) if the reader is used more than once.
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
public final class TopicReader<K, V> {

  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final String topic;
  private final Deserializer<K> keys;
  private final Deserializer<V> values;
  private final String bootstrapServers;

  private TopicReader(String topic, Deserializer<K> keys, Deserializer<V> values, String bootstrapServers) {
    this.topic = topic;
    this.keys = keys;
    this.values = values;
    this.bootstrapServers = bootstrapServers;
  }

  /** A reader of string keys and values on the shared broker ({@link KafkaFixture}). */
  public static TopicReader<String, String> strings(String topic) {
    return of(topic, new StringDeserializer(), new StringDeserializer());
  }

  /** A reader with the given deserializers on the shared broker ({@link KafkaFixture}). */
  public static <K, V> TopicReader<K, V> of(String topic, Deserializer<K> keys, Deserializer<V> values) {
    return new TopicReader<>(topic, keys, values, null);
  }

  /** The same reader, pointed at another cluster (a container, a child-process broker). */
  public TopicReader<K, V> withBootstrapServers(String servers) {
    return new TopicReader<>(topic, keys, values, servers);
  }

  /** Reads until at least {@code count} records have arrived. */
  public List<ConsumerRecord<K, V>> readAtLeast(int count, Duration deadline) {
    return readUntil(records -> records.size() >= count, deadline, "at least " + count + " records");
  }

  /**
   * Reads from the beginning until {@code done} holds for everything read so far.
   *
   * @param done tested after every poll against all records read, in partition order
   * @param deadline how long to keep reading
   * @return all records read, once {@code done} holds
   * @throws AssertionError if {@code done} still does not hold when the deadline passes
   */
  public List<ConsumerRecord<K, V>> readUntil(Predicate<? super List<ConsumerRecord<K, V>>> done, Duration deadline) {
    return readUntil(done, deadline, "the expected records");
  }

  private List<ConsumerRecord<K, V>> readUntil(
      Predicate<? super List<ConsumerRecord<K, V>>> done, Duration deadline, String what) {
    long end = System.nanoTime() + deadline.toNanos();
    List<ConsumerRecord<K, V>> read = new ArrayList<>();
    List<ConsumerRecord<K, V>> view = Collections.unmodifiableList(read);
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config(), keys, values)) {
      List<TopicPartition> partitions = awaitPartitions(consumer, end);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!done.test(view)) {
        if (System.nanoTime() - end >= 0) {
          throw new AssertionError("gave up after " + deadline.toMillis() + " ms reading " + topic
              + " for " + what + "; read " + read.size() + ": " + describe(read));
        }
        consumer.poll(POLL_TIMEOUT).forEach(read::add);
      }
    }
    return List.copyOf(read);
  }

  private List<TopicPartition> awaitPartitions(KafkaConsumer<K, V> consumer, long end) {
    List<PartitionInfo> infos = List.of();
    while (infos.isEmpty()) {
      if (System.nanoTime() - end >= 0) {
        throw new AssertionError("topic " + topic + " does not exist");
      }
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
    }
    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
  }

  private Map<String, Object> config() {
    String servers = bootstrapServers != null ? bootstrapServers : KafkaFixture.bootstrapServers();
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // reading must not create the topic it waits for
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  private static String describe(List<? extends ConsumerRecord<?, ?>> records) {
    int shown = Math.min(records.size(), 20);
    String sample = records.subList(records.size() - shown, records.size()).stream()
        .map(r -> r.partition() + "@" + r.offset() + " " + r.key() + "=" + r.value())
        .collect(Collectors.joining(", ", "[", "]"));
    return shown < records.size() ? "last " + shown + " " + sample : sample;
  }
}
