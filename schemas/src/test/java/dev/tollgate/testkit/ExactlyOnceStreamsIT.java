package dev.tollgate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.junit.jupiter.api.Test;

/** Proves that the test broker carries Kafka Streams with exactly_once_v2 and a windowed, RocksDB-backed store. */
class ExactlyOnceStreamsIT {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void shouldSumValuesPerKeyAndWindowExactlyOnce() throws Exception {
    // Given
    String input = KafkaTopics.createUnique("eos-input", 2);
    String output = KafkaTopics.createUnique("eos-output", 1);
    Instant windowStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (KafkaStreams streams = new KafkaStreams(sumPerWindow(input, output), streamsConfig())) {
      streams.start();
      Await.until(DEADLINE, () -> streams.state() == KafkaStreams.State.RUNNING, "the Streams app to run");

      // When
      produce(input, windowStart, List.of(
          KeyValue.pair("tenant-a", 100L), KeyValue.pair("tenant-b", 20L),
          KeyValue.pair("tenant-a", 200L), KeyValue.pair("tenant-a", 300L),
          KeyValue.pair("tenant-b", 30L)));
      Map<String, Long> expected = Map.of(
          "tenant-a@" + windowStart.toEpochMilli(), 600L,
          "tenant-b@" + windowStart.toEpochMilli(), 50L);
      List<ConsumerRecord<String, Long>> read = TopicReader.of(output, new StringDeserializer(),
          new LongDeserializer()).readUntil(records -> latestByKey(records).equals(expected), DEADLINE);

      // Then
      assertEquals(expected, latestByKey(read));
    }
  }

  private static Topology sumPerWindow(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.Long()))
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW))
        .reduce(Long::sum, Materialized.as("sums-per-window"))
        .toStream((window, sum) -> window.key() + "@" + window.window().start())
        .to(output, Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }

  private static Properties streamsConfig() throws Exception {
    Path target = Files.createDirectories(Path.of("target"));
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, KafkaTopics.uniqueName("eos-sums"));
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "streams-state-").toString());
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // without a cache every update is forwarded, so the committed output shows each running sum
    config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return config;
  }

  private static void produce(String topic, Instant windowStart, List<KeyValue<String, Long>> records)
      throws Exception {
    String servers = KafkaFixture.bootstrapServers();
    try (KafkaProducer<String, Long> producer =
        TestProducers.of(servers, new StringSerializer(), new LongSerializer())) {
      long timestamp = windowStart.toEpochMilli();
      for (KeyValue<String, Long> record : records) {
        timestamp += 1_000;
        producer.send(new ProducerRecord<>(topic, null, timestamp, record.key, record.value)).get();
      }
    }
  }

  private static Map<String, Long> latestByKey(List<ConsumerRecord<String, Long>> records) {
    Map<String, Long> latest = new HashMap<>();
    records.forEach(record -> latest.put(record.key(), record.value()));
    return latest;
  }
}
