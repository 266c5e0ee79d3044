package dev.tollgate.edge.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that empties the spool while events go to it: probes Kafka with back-off, sends the spooled records
 * oldest first in batches, acknowledges to the spool what Kafka acknowledged, and switches the emitter back to direct
 * sends once nothing is left. A record is sent again only if Kafka did not acknowledge it.
 */
final class SpoolReplayer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolReplayer.class);
  private static final int BATCH = 1_000;
  private static final long IDLE_PAUSE_MILLIS = 50;
  private static final long FIRST_BACKOFF_MILLIS = 250;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  /** Beyond the delivery timeout, after which the producer itself fails every send. */
  private static final Duration ACK_MARGIN = Duration.ofSeconds(5);

  private final UsageSpool spool;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AdminKafkaProbe probe;
  private final BooleanSupplier liveSendsSettled;
  private final Duration ackTimeout;
  private final LongAdder replayed = new LongAdder();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile long stopDeadlineNanos;

  private long backoffMillis = FIRST_BACKOFF_MILLIS;
  private boolean reachable;
  private boolean replaying;
  private long roundStartNanos;
  private long roundReplayed;

  SpoolReplayer(
      UsageSpool spool,
      Producer<byte[], byte[]> producer,
      String topic,
      AdminKafkaProbe probe,
      BooleanSupplier liveSendsSettled,
      Duration deliveryTimeout) {
    this.spool = spool;
    this.producer = producer;
    this.topic = topic;
    this.probe = probe;
    this.liveSendsSettled = liveSendsSettled;
    this.ackTimeout = deliveryTimeout.plus(ACK_MARGIN);
  }

  long replayed() {
    return replayed.sum();
  }

  /** Asks the thread to stop; a batch in flight gets until {@code deadlineNanos} for its acknowledgements. */
  void stop(long deadlineNanos) {
    stopDeadlineNanos = deadlineNanos;
    stopping.countDown();
  }

  @Override
  public void run() {
    while (stopping.getCount() > 0) {
      try {
        step();
      } catch (RuntimeException e) {
        // a spool that cannot be read now may be readable later; the events stay in it
        LOG.error("usage replay failed; retrying in {} ms", backoffMillis, e);
        pause(nextBackoff());
      }
    }
  }

  private void step() {
    if (!spool.spooling()) {
      // the next time events go to the spool, something failed: probe before trusting Kafka again
      reachable = false;
      pause(IDLE_PAUSE_MILLIS);
    } else if (!reachable && !(reachable = probe.reachable())) {
      pause(nextBackoff());
    } else {
      List<SpoolEntry> batch = spool.readUnacknowledged(BATCH);
      if (batch.isEmpty()) {
        finishIfDrained();
      } else {
        replay(batch);
      }
    }
  }

  private void finishIfDrained() {
    if (liveSendsSettled.getAsBoolean() && spool.stopSpoolingIfDrained()) {
      if (replaying) {
        LOG.info("Kafka takes usage events again: replayed {} from the spool in {} ms; sending directly",
            roundReplayed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStartNanos));
      } else {
        LOG.info("Kafka reachable: sending usage events directly");
      }
      replaying = false;
    } else {
      pause(IDLE_PAUSE_MILLIS);
    }
  }

  private void replay(List<SpoolEntry> batch) {
    if (!replaying) {
      replaying = true;
      roundStartNanos = System.nanoTime();
      roundReplayed = 0;
      LOG.info("Kafka reachable: replaying {} spooled usage events ({} bytes)",
          spool.pendingRecords(), spool.diskBytes());
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<SpoolEntry> delivered = send(batch, failure);
    spool.acknowledge(delivered);
    replayed.add(delivered.size());
    roundReplayed += delivered.size();
    if (delivered.size() == batch.size()) {
      backoffMillis = FIRST_BACKOFF_MILLIS;
      return;
    }
    reachable = false;
    replaying = false;
    LOG.warn("usage replay interrupted ({}): {} events still spooled; retrying in {} ms",
        describe(failure.get()), spool.pendingRecords(), backoffMillis);
    pause(nextBackoff());
  }

  /** Sends the batch and waits for Kafka's answers; returns the entries it acknowledged. */
  private List<SpoolEntry> send(List<SpoolEntry> batch, AtomicReference<Exception> failure) {
    CountDownLatch answered = new CountDownLatch(batch.size());
    AtomicReferenceArray<SpoolEntry> acknowledged = new AtomicReferenceArray<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      SpoolEntry entry = batch.get(i);
      SpoolRecord record = entry.record();
      int index = i;
      try {
        producer.send(
            new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value()),
            (metadata, exception) -> {
              if (exception == null) {
                acknowledged.set(index, entry);
              } else {
                failure.compareAndSet(null, exception);
              }
              answered.countDown();
            });
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        for (int unsent = i; unsent < batch.size(); unsent++) {
          answered.countDown();
        }
        break;
      }
    }
    if (!awaitAnswers(answered)) {
      failure.compareAndSet(null, new IllegalStateException("no answer from Kafka in time"));
    }
    List<SpoolEntry> delivered = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      if (acknowledged.get(i) != null) {
        delivered.add(acknowledged.get(i));
      }
    }
    return delivered;
  }

  private boolean awaitAnswers(CountDownLatch answered) {
    long end = System.nanoTime() + ackTimeout.toNanos();
    try {
      while (true) {
        long limit = stopping.getCount() == 0 && stopDeadlineNanos - end < 0 ? stopDeadlineNanos : end;
        long left = limit - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        if (answered.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private long nextBackoff() {
    long pause = backoffMillis;
    backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    return pause;
  }

  private void pause(long millis) {
    try {
      stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.countDown();
    }
  }

  static String describe(Exception failure) {
    return failure == null ? "no cause given" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
