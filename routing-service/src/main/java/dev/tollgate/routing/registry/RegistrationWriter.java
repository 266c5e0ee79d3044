package dev.tollgate.routing.registry;

import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes registrations and their tombstones to {@code tollgate.provider.registrations}, acknowledged by all. */
public final class RegistrationWriter implements AutoCloseable {
  /** How long a write may wait for the cluster before it fails (the client then gets a 503). */
  static final Duration MAX_BLOCK = Duration.ofSeconds(5);

  private final KafkaProducer<String, ProviderRegistration> producer;

  private RegistrationWriter(KafkaProducer<String, ProviderRegistration> producer) {
    this.producer = producer;
  }

  /** @return a writer to the cluster at {@code bootstrapServers} */
  public static RegistrationWriter start(String bootstrapServers) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "tollgate-routing-registry",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis(),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) MAX_BLOCK.multipliedBy(3).toMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) MAX_BLOCK.toMillis());
    return new RegistrationWriter(new KafkaProducer<>(config,
        Topics.PROVIDER_REGISTRATIONS.keySerde().serializer(), Topics.PROVIDER_REGISTRATIONS.valueSerde().serializer()));
  }

  /**
   * Writes a registration, or a tombstone. May block up to {@link #MAX_BLOCK} for metadata: call it off the event
   * loop.
   *
   * @param id the provider id
   * @param registration the registration, or null to delete it
   * @return completes once the cluster acknowledged the write
   */
  public CompletableFuture<Void> write(String id, ProviderRegistration registration) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(Topics.PROVIDER_REGISTRATIONS.name(), id, registration), (meta, error) -> {
      if (error == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(error);
      }
    });
    return done;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
