package dev.tollgate.edge.usage;

import dev.tollgate.schemas.usage.UsageEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link UsageEmitter}. Callers put events on a bounded hand-off; one sender thread serializes them and either
 * sends them to Kafka or, while the spool is in use, appends them to it; the producer's callbacks queue failed sends
 * for the spool; a {@link SpoolReplayer} thread empties the spool once Kafka answers again.
 *
 * <p>Order: while Kafka is away, new events wait in memory (up to the hand-off's capacity) until every direct send
 * has settled, so the failed ones reach the spool first and each tenant's events keep their emit order across an
 * outage. Only events that overflow the hand-off can overtake queued ones.
 */
final class KafkaUsageEmitter implements UsageEmitter {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaUsageEmitter.class);
  private static final int SENDER_BATCH = 1_000;
  private static final long SENDER_POLL_MILLIS = 20;
  /**
   * While events keep coming, the sender naps this long between drains instead of blocking on the hand-off: a
   * blocked sender is woken by every {@code offer}, a thread switch per event that cost more CPU than the rest of
   * the usage path. Well under the producer's linger, so it delays no batch.
   */
  private static final long SENDER_BUSY_TICK_MILLIS = 2;
  /** Time for the threads to notice the producer's forced close once the close timeout has passed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);

  private final UsageSettings settings;
  private final UsageSpool spool;
  private final Producer<byte[], byte[]> producer;
  private final AdminKafkaProbe probe;
  private final SpoolReplayer replayer;
  private final BlockingQueue<UsageEvent> handOff;
  private final LiveSends liveSends = new LiveSends();
  private final Queue<LiveSend> failedSends = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder emitted = new LongAdder();
  private final LongAdder droppedHere = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread senderThread;
  private final Thread replayerThread;
  private volatile boolean stopping;
  /** Events held back while failed sends settle; the sender thread's, and close()'s once that thread ended. */
  private final ArrayDeque<SpoolRecord> heldBack = new ArrayDeque<>();

  private KafkaUsageEmitter(
      UsageSettings settings, UsageSpool spool, Producer<byte[], byte[]> producer, AdminKafkaProbe probe) {
    this.settings = settings;
    this.spool = spool;
    this.producer = producer;
    this.probe = probe;
    this.handOff = new ArrayBlockingQueue<>(settings.handOffCapacity());
    this.replayer = new SpoolReplayer(
        spool, producer, settings.topic(), probe, this::liveSendsSettled, settings.deliveryTimeout());
    this.senderThread = daemon(this::runSender, "tollgate-usage-sender");
    this.replayerThread = daemon(replayer, "tollgate-usage-replayer");
  }

  static KafkaUsageEmitter start(String bootstrapServers, UsageSettings settings) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    UsageSpool spool = UsageSpool.open(settings.spoolDir(), settings.fsync(), settings.maxSpoolBytes());
    Producer<byte[], byte[]> producer = null;
    try {
      producer = UsageProducers.create(bootstrapServers, settings.deliveryTimeout());
      AdminKafkaProbe probe = AdminKafkaProbe.create(bootstrapServers, producer, settings.topic());
      return new KafkaUsageEmitter(settings, spool, producer, probe).start();
    } catch (RuntimeException e) {
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      spool.close();
      throw e;
    }
  }

  /** Starts the threads. Events go to the spool until the first probe finds Kafka, so nothing waits on it. */
  private KafkaUsageEmitter start() {
    spool.startSpooling();
    senderThread.start();
    replayerThread.start();
    LOG.info("usage emitter started: topic {}, spool {} ({} events pending)",
        settings.topic(), spool.dir(), spool.pendingRecords());
    return this;
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void emit(UsageEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed.get()) {
      dropAfterClose(event);
      return;
    }
    accepted.increment();
    if (!handOff.offer(event)) {
      spoolOverflow(event);
    } else if (closed.get() && handOff.remove(event)) {
      dropAfterClose(event);
    }
  }

  private void spoolOverflow(UsageEvent event) {
    SpoolRecord record = serialize(event);
    if (record == null) {
      return;
    }
    if (spool.startSpooling()) {
      LOG.warn("usage hand-off full ({} events waiting): spooling usage events to {}",
          settings.handOffCapacity(), spool.dir());
    }
    // a buffered write, under a lock that is only ever held for writes; the sender thread does the fsync
    spool.append(List.of(record));
  }

  private void dropAfterClose(UsageEvent event) {
    droppedHere.increment();
    LOG.error("usage event {} emitted after the emitter was closed; dropped", event.requestId());
  }

  private SpoolRecord serialize(UsageEvent event) {
    try {
      return SpoolRecord.of(event);
    } catch (RuntimeException e) {
      droppedHere.increment();
      LOG.error("usage event {} cannot be serialized; dropped", event.requestId(), e);
      return null;
    }
  }

  private void runSender() {
    List<UsageEvent> events = new ArrayList<>(SENDER_BATCH);
    boolean lastRound = false;
    boolean busy = false;
    while (!lastRound) {
      lastRound = stopping;
      takeEvents(events, busy && !lastRound);
      busy = !events.isEmpty();
      List<SpoolRecord> records = new ArrayList<>(events.size());
      for (UsageEvent event : events) {
        SpoolRecord record = serialize(event);
        if (record != null) {
          records.add(record);
        }
      }
      events.clear();
      try {
        route(records);
        if (spool.syncDue()) {
          spool.sync();
        }
      } catch (RuntimeException e) {
        LOG.error("usage sender failed on {} events", records.size(), e);
      }
      lastRound &= handOff.isEmpty();
    }
  }

  /** Blocks on the hand-off only after a round that found nothing; {@code busy} says the last round found events. */
  private void takeEvents(List<UsageEvent> events, boolean busy) {
    try {
      if (busy) {
        TimeUnit.MILLISECONDS.sleep(SENDER_BUSY_TICK_MILLIS);
        handOff.drainTo(events, SENDER_BATCH);
        return;
      }
      UsageEvent first = handOff.poll(SENDER_POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (first != null) {
        events.add(first);
        handOff.drainTo(events, SENDER_BATCH - 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /** Sends {@code records} to Kafka, or to the spool while it is in use, keeping their order. */
  private void route(List<SpoolRecord> records) {
    // a send that failed early must not reach the spool before the sends still in flight ahead of it
    spoolFailedSendsOnceSettled();
    if (heldBack.isEmpty() && !spool.spooling()) {
      sendAll(records);
      return;
    }
    boolean roomToHold = heldBack.size() + records.size() <= settings.handOffCapacity();
    if (stopping || (!liveSendsSettled() && roomToHold)) {
      // while closing, close() spools what is left: the sends it withdraws first, then these
      heldBack.addAll(records);
      return;
    }
    spoolFailedSends();
    List<SpoolRecord> ordered = new ArrayList<>(heldBack);
    ordered.addAll(records);
    heldBack.clear();
    if (!ordered.isEmpty() && !spool.appendIfSpooling(ordered)) {
      sendAll(ordered);
    }
  }

  private void sendAll(List<SpoolRecord> records) {
    for (int i = 0; i < records.size(); i++) {
      if (spool.spooling()) {
        // a send just failed: each further one could block up to max.block.ms for metadata
        heldBack.addAll(records.subList(i, records.size()));
        return;
      }
      SpoolRecord record = records.get(i);
      LiveSend send = new LiveSend(sequence.incrementAndGet(), record, this::settled);
      liveSends.started(send);
      try {
        producer.send(
            new ProducerRecord<>(settings.topic(), null, record.timestamp(), record.key(), record.value()), send);
      } catch (RuntimeException e) {
        send.onCompletion(null, e);
      }
    }
  }

  /** The producer's verdict on a direct send, usually on the producer's I/O thread. */
  private void settled(LiveSend send, Exception failure) {
    try {
      if (failure == null) {
        emitted.increment();
        return;
      }
      failedSends.add(send);
      if (spool.startSpooling()) {
        LOG.warn("Kafka unreachable ({}): spooling usage events to {}", SpoolReplayer.describe(failure), spool.dir());
      }
    } finally {
      liveSends.finished(send);
    }
  }

  private boolean liveSendsSettled() {
    return liveSends.count() == 0 && failedSends.isEmpty();
  }

  private void spoolFailedSendsOnceSettled() {
    if (liveSends.count() == 0) {
      spoolFailedSends();
    }
  }

  private void spoolFailedSends() {
    List<LiveSend> failed = new ArrayList<>();
    for (LiveSend send = failedSends.poll(); send != null; send = failedSends.poll()) {
      failed.add(send);
    }
    spoolInEmitOrder(failed);
  }

  private void spoolInEmitOrder(List<LiveSend> sends) {
    if (!sends.isEmpty()) {
      sends.sort(Comparator.comparingLong(LiveSend::sequence));
      List<SpoolRecord> records = new ArrayList<>(sends.size());
      sends.forEach(send -> records.add(send.record()));
      spool.append(records);
    }
  }

  @Override
  public UsageMetrics metrics() {
    return new UsageMetrics(
        accepted.sum(),
        emitted.sum(),
        spool.spooled(),
        replayer.replayed(),
        spool.dropped() + droppedHere.sum(),
        handOff.size(),
        liveSends.count(),
        spool.pendingRecords(),
        spool.diskBytes(),
        spool.damagedFrames(),
        spool.spooling(),
        spool.full());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    replayer.stop(deadline);
    stopping = true;
    join(senderThread, deadline);
    liveSends.awaitNone(deadline);
    List<LiveSend> withdrawn = liveSends.withdrawAll();
    // aborts whatever is still buffered or in flight; the callbacks of sends not withdrawn report failures
    producer.close(Duration.ZERO);
    long grace = System.nanoTime() + STOP_GRACE.toNanos();
    join(senderThread, grace);
    join(replayerThread, grace);
    spoolWhatIsLeft(withdrawn);
    probe.close();
    spool.close();
    UsageMetrics metrics = metrics();
    LOG.info("usage emitter closed: {} emitted, {} replayed, {} pending in the spool, {} dropped",
        metrics.emitted(), metrics.replayed(), metrics.pending(), metrics.dropped());
  }

  /** Spools, in emit order, every event Kafka has not acknowledged: failed, withdrawn, held back, queued. */
  private void spoolWhatIsLeft(List<LiveSend> withdrawn) {
    List<LiveSend> unacknowledged = new ArrayList<>(withdrawn);
    for (LiveSend send = failedSends.poll(); send != null; send = failedSends.poll()) {
      unacknowledged.add(send);
    }
    spoolInEmitOrder(unacknowledged);
    List<SpoolRecord> rest = new ArrayList<>();
    if (senderThread.isAlive()) {
      droppedHere.add(heldBack.size());
      LOG.error("usage sender thread did not stop; the events it held back are lost");
    } else {
      rest.addAll(heldBack);
      heldBack.clear();
    }
    for (UsageEvent event = handOff.poll(); event != null; event = handOff.poll()) {
      SpoolRecord record = serialize(event);
      if (record != null) {
        rest.add(record);
      }
    }
    if (!rest.isEmpty()) {
      spool.append(rest);
    }
    if (!unacknowledged.isEmpty() || !rest.isEmpty()) {
      LOG.warn("usage emitter closing: spooled {} events Kafka had not acknowledged",
          unacknowledged.size() + rest.size());
    }
  }

  private static void join(Thread thread, long deadline) {
    long left = deadline - System.nanoTime();
    try {
      if (left > 0) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
