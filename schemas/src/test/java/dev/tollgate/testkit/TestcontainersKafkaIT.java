package dev.tollgate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same round trip through Kafka in a container; skipped where there is no Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer(ContainerKafkaBroker.IMAGE);

  @Test
  void shouldRoundTripARecordThroughAKafkaContainer() throws Exception {
    // Given
    String servers = KAFKA.getBootstrapServers();
    String topic;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      topic = KafkaTopics.createUnique(admin, "container-round-trip", 1);
    }

    // When
    try (KafkaProducer<String, String> producer = TestProducers.strings(servers)) {
      producer.send(new ProducerRecord<>(topic, "tenant-a", "hello")).get();
    }
    List<ConsumerRecord<String, String>> read =
        TopicReader.strings(topic).withBootstrapServers(servers).readAtLeast(1, Duration.ofSeconds(30));

    // Then
    assertEquals("hello", read.get(0).value());
  }
}
