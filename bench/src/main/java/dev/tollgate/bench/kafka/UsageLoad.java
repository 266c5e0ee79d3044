package dev.tollgate.bench.kafka;

import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Usage events for the metering scenario, written straight to {@code tollgate.usage}: distinct request ids, in time
 * order over the two hours before the current hour, spread over {@value #TENANTS} tenants, {@value #KEYS} keys each
 * and the priced deployments of the benchmark's configuration, with seeded random token counts.
 */
public final class UsageLoad {
  static final int TENANTS = 6;
  static final int KEYS = 3;
  private static final Duration SPAN = Duration.ofHours(2);

  private UsageLoad() {}

  /**
   * Writes {@code events} events and waits until the broker acknowledged every one.
   *
   * @param deployments model alias and deployment id pairs, each a priced deployment of the configuration
   */
  public static void produce(String bootstrap, int events, List<Map.Entry<String, String>> deployments) {
    Random random = new Random(8);
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(SPAN);
    long spacingMicros = SPAN.toNanos() / 1_000 / events;
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, UsageEvent> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 10,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer())) {
      for (int i = 0; i < events; i++) {
        Map.Entry<String, String> model = deployments.get(random.nextInt(deployments.size()));
        Instant started = base.plus(i * spacingMicros, ChronoUnit.MICROS);
        long prompt = random.nextInt(4_000);
        long completion = random.nextInt(1_000);
        long cached = random.nextBoolean() ? random.nextLong(prompt + 1) : 0;
        long latency = 200 + random.nextInt(2_000);
        UsageEvent event = new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, "bench-usage-" + i,
            "bench-t" + random.nextInt(TENANTS), "k" + random.nextInt(KEYS), Endpoint.CHAT_COMPLETIONS,
            model.getKey(), model.getValue(), model.getValue(), model.getKey(), 1,
            new TokenCounts(prompt, completion, cached, 0, 0L), UsageSource.PROVIDER, Outcome.OK, 200, false,
            started, started.plusMillis(latency), latency, null, "bench-load");
        producer.send(new ProducerRecord<>(Topics.USAGE.name(), null, event.finishedAt().toEpochMilli(),
            event.topicKey(), event), (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("pre-loading usage events failed", failure.get());
    }
  }
}
