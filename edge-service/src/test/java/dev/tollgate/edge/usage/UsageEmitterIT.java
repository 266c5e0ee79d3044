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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emitter against the shared broker: many request threads, every event once on the topic; an earlier run's spool
 * delivered before new events; a steady trickle closed at once; an event emitted after close.
 */
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

  @Test
  void shouldDeliverWhatAnEarlierRunSpooledBeforeAnyNewEvent() throws Exception {
    // Given the spool an earlier run left behind, and a topic of one partition, which keeps the order of arrival
    String topic = createTopic(1);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<UsageEvent> earlier = UsageEventSamples.events(run, 0, 30, 3);
    UsageEvent fresh = UsageEventSamples.event(run, 30, 3);
    SpoolFiles.leaveSpooled(spoolDir, earlier);

    // When an emitter starts on that spool and a request finishes at once
    UsageMetrics metrics;
    try (UsageEmitter emitter = UsageEmitter.start(KafkaFixture.bootstrapServers(),
        UsageSettings.defaults(spoolDir).withTopic(topic))) {
      emitter.emit(fresh);
      Await.until(DEADLINE, () -> emitter.metrics().delivered() == earlier.size() + 1
          && emitter.metrics().pending() == 0, "the earlier run's events and the new one delivered");
      metrics = emitter.metrics();
    }

    // Then the topic holds the earlier run's events in their order, then the new one, each once
    List<UsageEvent> expected = new ArrayList<>(earlier);
    expected.add(fresh);
    try (Admin admin = KafkaTopics.admin()) {
      assertEquals(expected.size(), UsageTopic.recordCount(admin, topic));
    }
    List<UsageEvent> read = UsageTopic.read(KafkaFixture.bootstrapServers(), topic, expected.size(), DEADLINE)
        .stream().map(ConsumerRecord::value).collect(Collectors.toList());
    assertEquals(expected, read);
    assertEquals(1, metrics.accepted());
    assertEquals(0, metrics.dropped());
  }

  @Test
  void shouldCountAnEventEmittedAfterCloseAsDroppedAndNeverSendIt() throws Exception {
    // Given an emitter that found Kafka and was closed
    String topic = createTopic(1);
    UsageEmitter emitter = UsageEmitter.start(KafkaFixture.bootstrapServers(),
        UsageSettings.defaults(spoolDir).withTopic(topic));
    try {
      Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");
    } finally {
      emitter.close();
    }

    // When a request finishes after that
    emitter.emit(UsageEventSamples.events(1, 1).get(0));

    // Then the event is counted as dropped, neither accepted nor spooled, and the topic stays empty
    UsageMetrics metrics = emitter.metrics();
    assertEquals(1, metrics.dropped());
    assertEquals(0, metrics.accepted());
    assertEquals(0, metrics.pending());
    try (Admin admin = KafkaTopics.admin()) {
      assertEquals(0, UsageTopic.recordCount(admin, topic));
    }
  }

  @Test
  void shouldAckOrSpoolEveryEventOfASteadyTrickleClosedRightAfterTheLastEmit() throws Exception {
    // Given an emitter that found Kafka, and events arriving one at a time, as a busy edge emits them
    String topic = createTopic(1);
    List<UsageEvent> events = UsageEventSamples.events(EVENTS, THREADS);
    UsageEmitter emitter = UsageEmitter.start(KafkaFixture.bootstrapServers(),
        UsageSettings.defaults(spoolDir).withTopic(topic));
    UsageMetrics metrics;
    try {
      Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");

      // When the edge closes right after the last one
      for (UsageEvent event : events) {
        emitter.emit(event);
      }
    } finally {
      emitter.close();
      metrics = emitter.metrics();
    }

    // Then each event was either acknowledged by Kafka or left in the spool for the next run, none dropped
    assertEquals(EVENTS, metrics.accepted());
    assertEquals(0, metrics.dropped());
    assertEquals(EVENTS, metrics.delivered() + metrics.pending());
  }

  private static String createTopic(int partitions) {
    try (Admin admin = KafkaTopics.admin()) {
      return UsageTopic.create(admin, partitions);
    }
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
