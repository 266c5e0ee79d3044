package dev.tollgate.edge.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emitter's routing between producer and spool, against Kafka's {@link MockProducer}: no broker. */
class UsageEmitterTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String TOPIC = Topics.USAGE.name();

  @TempDir Path spoolDir;

  private final AtomicBoolean kafkaReachable = new AtomicBoolean(true);
  private final List<KafkaUsageEmitter> started = new ArrayList<>();

  @AfterEach
  void closeEmitters() {
    started.forEach(KafkaUsageEmitter::close);
  }

  @Test
  void shouldSpoolFailedSendsAndReplayThemInEmitOrderOnceKafkaAnswers() {
    // Given an emitter sending directly, with ten sends in flight
    MockProducer<byte[], byte[]> producer = producer(false);
    KafkaUsageEmitter emitter = start(producer, settings());
    awaitDirectSends(emitter);
    List<UsageEvent> events = UsageEventSamples.events(15, 3);
    events.subList(0, 10).forEach(emitter::emit);
    Await.until(DEADLINE, () -> producer.history().size() == 10, "ten sends in flight");

    // When Kafka fails them, five more are emitted, and Kafka comes back
    kafkaReachable.set(false);
    for (int i = 0; i < 10; i++) {
      producer.errorNext(new TimeoutException("Expiring 1 record(s): delivery timed out"));
    }
    events.subList(10, 15).forEach(emitter::emit);
    Await.until(DEADLINE, () -> emitter.metrics().spooled() == 15, "all fifteen events spooled");
    kafkaReachable.set(true);
    Await.until(DEADLINE, () -> {
      while (producer.completeNext()) {
        // acknowledge every replayed send so far
      }
      return emitter.metrics().replayed() == 15;
    }, "the spool replayed");

    // Then
    assertEquals(events, eventsOf(producer.history().subList(10, 25)));
    UsageMetrics metrics = emitter.metrics();
    assertEquals(0, metrics.pending());
    assertEquals(0, metrics.dropped());
    assertEquals(15, metrics.accepted());
  }

  @Test
  void shouldNeverBlockTheCallerWhenTheSenderIsStuckButSpoolWhatOverflows() throws Exception {
    // Given a sender thread stuck in a send, and room for four more events
    CountDownLatch unstick = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        stuck.countDown();
        awaitQuietly(unstick);
        return super.send(record, callback);
      }
    };
    KafkaUsageEmitter emitter = start(producer, settings().withHandOffCapacity(4));
    awaitDirectSends(emitter);
    List<UsageEvent> events = UsageEventSamples.events(21, 3);
    emitter.emit(events.get(0));
    assertTrue(stuck.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the sender thread never sent");

    // When twenty more events are emitted
    events.subList(1, 21).forEach(emitter::emit);

    // Then each call returned, the overflow went to the spool, and once unstuck every event arrives once
    assertEquals(21, emitter.metrics().accepted());
    assertTrue(emitter.metrics().spooling());
    assertTrue(emitter.metrics().pending() >= 16, "pending " + emitter.metrics().pending());
    unstick.countDown();
    Await.until(DEADLINE, () -> emitter.metrics().delivered() == 21, "every event delivered");
    assertEquals(requestIds(events), requestIds(eventsOf(producer.history())));
    assertEquals(21, producer.history().size());
  }

  @Test
  void shouldSpoolWhatKafkaHasNotAcknowledgedWhenClosed() {
    // Given five sends Kafka never answers
    MockProducer<byte[], byte[]> producer = producer(false);
    KafkaUsageEmitter emitter = start(producer, settings().withCloseTimeout(Duration.ofMillis(200)));
    awaitDirectSends(emitter);
    List<UsageEvent> events = UsageEventSamples.events(5, 2);
    events.forEach(emitter::emit);
    Await.until(DEADLINE, () -> producer.history().size() == 5, "five sends in flight");

    // When
    emitter.close();

    // Then the spool holds them, in emit order, for the next start
    try (UsageSpool spool = UsageSpool.open(spoolDir, FsyncPolicy.EVERY_BATCH, 1 << 20)) {
      assertEquals(events, spool.readUnacknowledged(100).stream().map(entry -> entry.record().event())
          .collect(Collectors.toList()));
    }
    assertEquals(0, emitter.metrics().emitted());
    assertEquals(0, emitter.metrics().dropped());
  }

  @Test
  void shouldReplayWhatAnEarlierRunSpooledBeforeAnyNewEvent() {
    // Given a spool an earlier run left behind
    List<UsageEvent> earlier = UsageEventSamples.events(30, 3);
    try (UsageSpool spool = UsageSpool.open(spoolDir, FsyncPolicy.EVERY_BATCH, 1 << 20)) {
      spool.append(UsageEventSamples.records(earlier));
    }
    MockProducer<byte[], byte[]> producer = producer(true);

    // When an emitter starts and a request finishes at once
    KafkaUsageEmitter emitter = start(producer, settings());
    UsageEvent fresh = UsageEventSamples.events(1, 1).get(0);
    emitter.emit(fresh);
    Await.until(DEADLINE, () -> emitter.metrics().delivered() == 31, "every event delivered");

    // Then
    List<UsageEvent> expected = new ArrayList<>(earlier);
    expected.add(fresh);
    assertEquals(expected, eventsOf(producer.history()));
  }

  @Test
  void shouldCountAnEventEmittedAfterCloseAsDropped() {
    // Given
    KafkaUsageEmitter emitter = start(producer(true), settings());
    emitter.close();

    // When
    emitter.emit(UsageEventSamples.events(1, 1).get(0));

    // Then
    assertEquals(1, emitter.metrics().dropped());
  }

  private UsageSettings settings() {
    return UsageSettings.defaults(spoolDir).withDeliveryTimeout(Duration.ofSeconds(2));
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private KafkaUsageEmitter start(MockProducer<byte[], byte[]> producer, UsageSettings settings) {
    UsageSpool spool = UsageSpool.open(settings.spoolDir(), settings.fsync(), settings.maxSpoolBytes());
    KafkaUsageEmitter emitter = new KafkaUsageEmitter(settings, spool, producer, kafkaReachable::get).start();
    started.add(emitter);
    return emitter;
  }

  private static void awaitDirectSends(KafkaUsageEmitter emitter) {
    Await.until(DEADLINE, () -> !emitter.metrics().spooling(), "the emitter to find Kafka");
  }

  private static List<UsageEvent> eventsOf(List<ProducerRecord<byte[], byte[]>> records) {
    return records.stream()
        .map(record -> {
          assertEquals(TOPIC, record.topic());
          return Topics.USAGE.valueSerde().deserializer().deserialize(TOPIC, record.value());
        })
        .collect(Collectors.toList());
  }

  private static Set<String> requestIds(List<UsageEvent> events) {
    return events.stream().map(UsageEvent::requestId).collect(Collectors.toCollection(HashSet::new));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
