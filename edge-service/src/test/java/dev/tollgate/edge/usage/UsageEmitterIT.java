package dev.tollgate.edge.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The emitter against the shared broker: many request threads, every event once on the topic. */
class UsageEmitterIT {

  private static final Logger LOG = LoggerFactory.getLogger(UsageEmitterIT.class);
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int THREADS = 8;
  private static final int EVENTS = 4_000;

  @TempDir Path spoolDir;

  @Test
  void shouldDeliverEveryEventEmittedFromManyThreadsExactlyOnceKeyedByTenant() throws Exception {
    // Given
    String topic;
    try (Admin admin = KafkaTopics.admin()) {
      topic = UsageTopic.create(admin, 3);
    }
    List<UsageEvent> events = UsageEventSamples.events(EVENTS, THREADS);
    UsageSettings settings = UsageSettings.defaults(spoolDir).withTopic(topic);

    // When
    UsageMetrics metrics;
    long startNanos;
    long doneNanos;
    try (UsageEmitter emitter = UsageEmitter.start(KafkaFixture.bootstrapServers(), settings)) {
      Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");
      startNanos = System.nanoTime();
      emitFromThreads(emitter, events);
      Await.until(DEADLINE, () -> emitter.metrics().delivered() == EVENTS, EVENTS + " events acknowledged");
      doneNanos = System.nanoTime();
      metrics = emitter.metrics();
    }
    LOG.info("{} events from {} threads acknowledged {} ms after the first emit ({} sent directly, {} replayed)",
        EVENTS, THREADS, TimeUnit.NANOSECONDS.toMillis(doneNanos - startNanos), metrics.emitted(), metrics.replayed());

    // Then
    try (Admin admin = KafkaTopics.admin()) {
      assertEquals(EVENTS, UsageTopic.recordCount(admin, topic));
    }
    List<ConsumerRecord<String, UsageEvent>> read =
        UsageTopic.read(KafkaFixture.bootstrapServers(), topic, EVENTS, DEADLINE);
    UsageTopic.assertDeliveredOnceInTenantOrder(events, read);
    assertEquals(0, metrics.dropped());
    assertEquals(0, metrics.pending());
    assertEquals(EVENTS, metrics.accepted());
  }

  /** Event {@code n} belongs to tenant {@code n % THREADS}: each thread emits one tenant's events, in order. */
  private static void emitFromThreads(UsageEmitter emitter, List<UsageEvent> events) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> emitting = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        emitting.add(threads.submit(() -> {
          go.await();
          for (int n = thread; n < events.size(); n += THREADS) {
            emitter.emit(events.get(n));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> done : emitting) {
        done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
