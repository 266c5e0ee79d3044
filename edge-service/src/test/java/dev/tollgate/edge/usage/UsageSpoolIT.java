package dev.tollgate.edge.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool against a broker the tests stop and restart: outages, a failed send and the events behind it, an
 * overflowing hand-off, crash recovery, a close during an outage.
 */
class UsageSpoolIT {

  private static final Logger LOG = LoggerFactory.getLogger(UsageSpoolIT.class);
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  /** Short, so that an outage reaches the spool within seconds. */
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);
  private static final int TENANTS = 4;

  private static DedicatedBroker broker;

  @TempDir Path spoolDir;

  @BeforeAll
  static void startBroker() {
    broker = DedicatedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void brokerRunning() {
    broker.restart();
  }

  @Test
  void shouldSpoolWhileKafkaIsDownAndReplayEveryEventOnceInOrderWhenItComesBack() throws Exception {
    // Given an emitter that delivered a first lot of events
    String topic = createTopic(3);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<UsageEvent> before = UsageEventSamples.events(run, 0, 200, TENANTS);
    List<UsageEvent> during = UsageEventSamples.events(run, 200, 1_000, TENANTS);
    UsageMetrics metrics;
    boolean downWhileEmitting;
    long replayMillis;
    try (UsageEmitter emitter = UsageEmitter.start(broker.bootstrapServers(), settings(topic))) {
      Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");
      before.forEach(emitter::emit);
      Await.until(DEADLINE, () -> emitter.metrics().delivered() == before.size(), "the first lot delivered");
      long spooledBefore = emitter.metrics().spooled();

      // When Kafka goes away, a request thread emits more, and Kafka comes back
      broker.stop();
      CompletableFuture<Void> emitting = CompletableFuture.runAsync(() -> during.forEach(emitter::emit));
      Await.until(DEADLINE, emitting::isDone, "emit() to return while Kafka is down");
      downWhileEmitting = !broker.isRunning();
      emitting.get();
      Await.until(DEADLINE, () -> emitter.metrics().spooled() - spooledBefore >= during.size(),
          "the events emitted during the outage to be spooled");
      long restartNanos = System.nanoTime();
      broker.restart();
      Await.until(DEADLINE, () -> emitter.metrics().delivered() == before.size() + during.size()
          && emitter.metrics().pending() == 0, "the spool replayed");
      replayMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartNanos);
      metrics = emitter.metrics();
    }
    LOG.info("{} spooled events replayed {} ms after the broker restart began", during.size(), replayMillis);

    // Then
    assertTrue(downWhileEmitting, "the broker was down while emit() ran and returned");
    List<UsageEvent> emitted = new ArrayList<>(before);
    emitted.addAll(during);
    assertExactlyOnceOnTopic(topic, emitted);
    assertEquals(0, metrics.dropped());
  }

  @Test
  void shouldSpoolAFailedSendAndTheEventsBehindItAndReplayThemInEmitOrder() throws Exception {
    // Given an emitter that delivered a first lot directly to a topic of one partition, which keeps arrival order
    String topic = createTopic(1);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<UsageEvent> first = UsageEventSamples.events(run, 0, 20, TENANTS);
    UsageEvent failing = UsageEventSamples.event(run, 20, TENANTS);
    List<UsageEvent> behind = UsageEventSamples.events(run, 21, 100, TENANTS);
    UsageEvent afterwards = UsageEventSamples.event(run, 121, TENANTS);
    UsageMetrics metrics;
    try (UsageEmitter emitter = UsageEmitter.start(broker.bootstrapServers(), settings(topic))) {
      Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");
      first.forEach(emitter::emit);
      Await.until(DEADLINE, () -> emitter.metrics().emitted() == first.size(), "the first lot sent directly");

      // When Kafka goes away, the next send fails, more events follow it, Kafka comes back, and one more follows
      broker.stop();
      emitter.emit(failing);
      Await.until(DEADLINE, () -> emitter.metrics().spooled() == 1, "the failed send to be spooled");
      behind.forEach(emitter::emit);
      Await.until(DEADLINE, () -> emitter.metrics().spooled() == 1 + behind.size(), "the events behind it spooled");
      broker.restart();
      Await.until(DEADLINE, () -> emitter.metrics().replayed() == 1 + behind.size() && !emitter.metrics().spooling(),
          "the spool replayed and direct sends resumed");
      emitter.emit(afterwards);
      Await.until(DEADLINE, () -> emitter.metrics().emitted() == first.size() + 1, "the last event sent directly");
      metrics = emitter.metrics();
    }

    // Then the topic holds every event once, in the order they were emitted
    List<UsageEvent> emitted = new ArrayList<>(first);
    emitted.add(failing);
    emitted.addAll(behind);
    emitted.add(afterwards);
    try (Admin admin = broker.admin()) {
      assertEquals(emitted.size(), UsageTopic.recordCount(admin, topic), "records on " + topic);
    }
    List<UsageEvent> read = UsageTopic.read(broker.bootstrapServers(), topic, emitted.size(), DEADLINE).stream()
        .map(ConsumerRecord::value).collect(Collectors.toList());
    assertEquals(emitted, read);
    assertEquals(1 + behind.size(), metrics.replayed());
    assertEquals(0, metrics.dropped());
  }

  @Test
  void shouldNeverBlockEmitWhileKafkaIsDownAndSpoolWhatOverflowsTheHandOff() throws Exception {
    // Given an emitter sending directly, with room for only a few events between the callers and its sender thread
    String topic = createTopic(3);
    List<UsageEvent> events = UsageEventSamples.events(2_000, TENANTS);
    UsageSettings settings = settings(topic).withHandOffCapacity(8);
    UsageMetrics metrics;
    boolean downWhileEmitting;
    try (UsageEmitter emitter = UsageEmitter.start(broker.bootstrapServers(), settings)) {
      Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");

      // When Kafka goes away and a request thread emits many events, then Kafka comes back
      broker.stop();
      CompletableFuture<Void> emitting = CompletableFuture.runAsync(() -> events.forEach(emitter::emit));
      Await.until(DEADLINE, emitting::isDone, "emit() to return while Kafka is down");
      downWhileEmitting = !broker.isRunning();
      emitting.get();
      Await.until(DEADLINE, () -> emitter.metrics().spooled() == events.size(), "every event to be spooled");
      broker.restart();
      Await.until(DEADLINE, () -> emitter.metrics().delivered() == events.size()
          && emitter.metrics().pending() == 0, "the spool replayed");
      metrics = emitter.metrics();
    }

    // Then every call returned while Kafka was down, and every event reached the topic exactly once
    assertTrue(downWhileEmitting, "the broker was down while emit() ran and returned");
    try (Admin admin = broker.admin()) {
      assertEquals(events.size(), UsageTopic.recordCount(admin, topic), "records on " + topic);
    }
    Set<String> read = UsageTopic.read(broker.bootstrapServers(), topic, events.size(), DEADLINE).stream()
        .map(record -> record.value().requestId()).collect(Collectors.toSet());
    assertEquals(events.stream().map(UsageEvent::requestId).collect(Collectors.toSet()), read);
    assertEquals(events.size(), metrics.accepted());
    assertEquals(events.size(), metrics.replayed());
    assertEquals(0, metrics.dropped());
  }

  @Test
  void shouldReplayASpoolLeftByAnEmitterThatWasNeverClosed() throws Exception {
    // Given the spool of an edge that crashed while writing: whole frames, then half of one
    String topic = createTopic(2);
    List<UsageEvent> left = UsageEventSamples.events(500, TENANTS);
    SpoolFiles.leaveSpooled(spoolDir, left);
    SpoolFiles.tearAFrameOnto(spoolDir, UsageEventSamples.events(1, 1).get(0));

    // When a new emitter starts on that spool
    UsageMetrics metrics;
    long startNanos = System.nanoTime();
    try (UsageEmitter emitter = UsageEmitter.start(broker.bootstrapServers(), settings(topic))) {
      Await.until(DEADLINE, () -> emitter.metrics().replayed() == left.size() && emitter.metrics().pending() == 0,
          "the earlier run's spool replayed");
      metrics = emitter.metrics();
    }
    LOG.info("{} events of an earlier run replayed {} ms after start", left.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));

    // Then
    assertExactlyOnceOnTopic(topic, left);
    assertEquals(1, metrics.damagedFrames());
    assertEquals(0, metrics.dropped());
  }

  @Test
  void shouldSpoolOnCloseWhatKafkaDidNotTakeAndDeliverItAfterARestart() throws Exception {
    // Given an emitter closed while Kafka is down, with events in the producer
    String topic = createTopic(2);
    List<UsageEvent> events = UsageEventSamples.events(300, TENANTS);
    UsageSettings settings = settings(topic).withCloseTimeout(Duration.ofMillis(500));
    UsageEmitter first = UsageEmitter.start(broker.bootstrapServers(), settings);
    try {
      Await.until(DEADLINE, () -> !first.metrics().spooling(), "the emitter to find Kafka");
      broker.stop();
      events.forEach(first::emit);
      Await.until(DEADLINE, () -> first.metrics().queued() == 0, "the sender to take every event");
    } finally {
      first.close();
    }
    UsageMetrics atClose = first.metrics();

    // When Kafka and the edge come back
    broker.restart();
    try (UsageEmitter second = UsageEmitter.start(broker.bootstrapServers(), settings)) {
      Await.until(DEADLINE, () -> second.metrics().replayed() == events.size() && second.metrics().pending() == 0,
          "the spooled events replayed");
    }

    // Then the first emitter had spooled every event, and the second delivered each once
    assertEquals(0, atClose.emitted());
    assertEquals(events.size(), atClose.pending());
    assertEquals(0, atClose.dropped());
    assertExactlyOnceOnTopic(topic, events);
  }

  private UsageSettings settings(String topic) {
    return UsageSettings.defaults(spoolDir).withTopic(topic).withDeliveryTimeout(DELIVERY_TIMEOUT);
  }

  private static String createTopic(int partitions) {
    try (Admin admin = broker.admin()) {
      return UsageTopic.create(admin, partitions);
    }
  }

  private static void assertExactlyOnceOnTopic(String topic, List<UsageEvent> emitted) throws Exception {
    try (Admin admin = broker.admin()) {
      assertEquals(emitted.size(), UsageTopic.recordCount(admin, topic), "records on " + topic);
    }
    UsageTopic.assertDeliveredOnceInTenantOrder(
        emitted, UsageTopic.read(broker.bootstrapServers(), topic, emitted.size(), DEADLINE));
  }
}
