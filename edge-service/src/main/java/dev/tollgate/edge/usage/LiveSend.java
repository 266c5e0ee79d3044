package dev.tollgate.edge.usage;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One event sent directly to Kafka. It settles exactly once: by the producer's callback (delivered or failed), by a
 * send that threw, or by {@link #withdraw()} when the emitter closes first. Whoever settles it owns the record, so a
 * record is never both counted as emitted and spooled by this emitter.
 */
final class LiveSend implements Callback {

  /** What the emitter does with a settled send. */
  interface Outcome {
    void settled(LiveSend send, Exception failure);
  }

  private final long sequence;
  private final SpoolRecord record;
  private final Outcome outcome;
  private final AtomicBoolean settled = new AtomicBoolean();

  LiveSend(long sequence, SpoolRecord record, Outcome outcome) {
    this.sequence = sequence;
    this.record = record;
    this.outcome = outcome;
  }

  long sequence() {
    return sequence;
  }

  SpoolRecord record() {
    return record;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception failure) {
    if (settled.compareAndSet(false, true)) {
      outcome.settled(this, failure);
    }
  }

  /** Takes the record back from a send that has not settled; false if it already has. */
  boolean withdraw() {
    return settled.compareAndSet(false, true);
  }
}
