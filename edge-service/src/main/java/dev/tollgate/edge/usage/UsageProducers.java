package dev.tollgate.edge.usage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer of usage events: records arrive serialized (see {@link SpoolRecord}), so it sends bytes. */
final class UsageProducers {

  /** Batches a busy edge's events without making anyone wait: the request never waits on the producer. */
  private static final int LINGER_MS = 10;

  private static final int BATCH_BYTES = 64 * 1024;
  /** The longest a send may block the sender thread on metadata or a full buffer; the hand-off absorbs it. */
  private static final long MAX_BLOCK_MS = 5_000;

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private UsageProducers() {}

  static Producer<byte[], byte[]> create(String bootstrapServers, Duration deliveryTimeout) {
    return new KafkaProducer<>(config(bootstrapServers, deliveryTimeout), new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  static Map<String, Object> config(String bootstrapServers, Duration deliveryTimeout) {
    long deliveryMs = deliveryTimeout.toMillis();
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "tollgate-edge-usage-" + INSTANCES.incrementAndGet()),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS),
        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES),
        // usage JSON repeats its field names in every record: lz4 shrinks a batch several times, cheaply
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs),
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms; half leaves room for one retry
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (deliveryMs / 2)),
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(MAX_BLOCK_MS, deliveryMs / 2)));
  }
}
