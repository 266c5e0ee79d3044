package dev.tollgate.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.schemas.RecordSamples.Sample;
import dev.tollgate.schemas.topic.CleanupPolicy;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TestProducers;
import dev.tollgate.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every sample of every topic value through a real broker with the catalog's own serdes, as a producing and a
 * consuming service would use them, keyed with the record's own {@code topicKey()}.
 */
class SerdesRoundTripIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void shouldCarryEverySampleThroughTheBrokerWithItsTopicsSerdes() throws Exception {
    for (Topic<?, ?> topic : Topics.all()) {
      if (topic.valueType() == byte[].class) {
        continue; // a dead-letter topic: raw bytes, no record of ours
      }
      List<Object> samples = samplesOf(topic.valueType());

      List<ConsumerRecord<String, Object>> read = produceAndRead(stringKeyed(topic), samples);

      assertEquals(samples, read.stream().map(ConsumerRecord::value).collect(Collectors.toList()), topic.name());
      assertEquals(
          samples.stream().map(SerdesRoundTripIT::topicKey).collect(Collectors.toList()),
          read.stream().map(ConsumerRecord::key).collect(Collectors.toList()),
          topic.name());
    }
  }

  @Test
  void shouldCarryATombstoneOnEveryCompactedTopic() throws Exception {
    for (Topic<?, ?> topic : Topics.all()) {
      if (topic.cleanup() != CleanupPolicy.COMPACT) {
        continue;
      }
      List<Object> tombstone = new ArrayList<>();
      tombstone.add(null);

      List<ConsumerRecord<String, Object>> read = produceAndRead(stringKeyed(topic), tombstone);

      assertNull(read.get(0).value(), topic.name());
    }
  }

  private static List<ConsumerRecord<String, Object>> produceAndRead(Topic<String, Object> topic, List<Object> values)
      throws Exception {
    String name = KafkaTopics.createUnique(topic.name());
    try (KafkaProducer<String, Object> producer =
        TestProducers.of(
            KafkaFixture.bootstrapServers(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (Object value : values) {
        String key = value == null ? "removed/key" : topicKey(value);
        producer.send(new ProducerRecord<>(name, key, value)).get();
      }
    }
    return TopicReader.of(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer())
        .readAtLeast(values.size(), DEADLINE);
  }

  private static List<Object> samplesOf(Class<?> type) {
    return RecordSamples.all().stream()
        .filter(s -> s.type() == type)
        .map(Sample::value)
        .collect(Collectors.toList());
  }

  @SuppressWarnings("unchecked")
  private static Topic<String, Object> stringKeyed(Topic<?, ?> topic) {
    // every catalog topic has string keys (TopicsTest); the values are only handed back to the same serde
    return (Topic<String, Object>) topic;
  }

  /** Every topic value record has a {@code topicKey()}; the catalog has no common interface for it. */
  private static String topicKey(Object value) {
    try {
      return (String) value.getClass().getMethod("topicKey").invoke(value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(value.getClass() + " has no topicKey()", e);
    }
  }
}
