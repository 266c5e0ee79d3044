package dev.tollgate.testkit;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers for tests: idempotent with {@code acks=all}, like the services' own producers. */
public final class TestProducers {

  private TestProducers() {}

  /** A string producer on the shared broker ({@link KafkaFixture}); the caller closes it. */
  public static KafkaProducer<String, String> strings() {
    return strings(KafkaFixture.bootstrapServers());
  }

  /** A string producer on the given cluster; the caller closes it. */
  public static KafkaProducer<String, String> strings(String bootstrapServers) {
    return of(bootstrapServers, new StringSerializer(), new StringSerializer());
  }

  /** A producer with the given serializers on the given cluster; the caller closes it. */
  public static <K, V> KafkaProducer<K, V> of(String bootstrapServers, Serializer<K> keys, Serializer<V> values) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(config, keys, values);
  }
}
