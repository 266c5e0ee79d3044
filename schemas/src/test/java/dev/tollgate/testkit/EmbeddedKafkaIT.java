package dev.tollgate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void shouldReadBackEveryRecordProducedInOrder() throws Exception {
    // Given
    String topic = KafkaTopics.createUnique("round-trip");
    List<String> sent = IntStream.range(0, 100).mapToObj(i -> "value-" + i).collect(Collectors.toList());

    // When
    try (KafkaProducer<String, String> producer = TestProducers.strings()) {
      for (String value : sent) {
        producer.send(new ProducerRecord<>(topic, "tenant-a", value)).get();
      }
    }
    List<ConsumerRecord<String, String>> read = TopicReader.strings(topic).readAtLeast(sent.size(), DEADLINE);

    // Then
    assertEquals(sent, read.stream().map(ConsumerRecord::value).collect(Collectors.toList()));
  }

  @Test
  void shouldShareOneBrokerAcrossTheJvm() {
    // Given
    String first = KafkaFixture.bootstrapServers();

    // When
    String second = KafkaFixture.bootstrapServers();

    // Then
    assertEquals(first, second);
  }
}
