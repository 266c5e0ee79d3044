package dev.tollgate.edge.usage;

import dev.tollgate.schemas.usage.UsageEvent;

/**
 * Sends one {@link UsageEvent} per finished request to {@code tollgate.usage}, keyed by tenant, without ever making
 * the request wait on Kafka.
 *
 * <p>While Kafka is reachable, events go to an idempotent {@code acks=all} producer. When it is not (a send fails,
 * the sender thread falls behind, or the producer has not connected yet), events go to an append-only spool on the
 * local disk, and a replayer sends them in spool order once Kafka answers again, deleting them from the spool only
 * after Kafka acknowledged them.
 *
 * <p>The guarantee is at-least-once: every accepted event reaches the topic unless the spool is full or its disk
 * fails ({@link UsageMetrics#dropped()}). In practice it arrives exactly once; it can arrive twice when the edge
 * crashes between Kafka's acknowledgement of a replayed event and the spool's note of it, or when a send times out
 * after the broker had in fact written it. Consumers de-duplicate on {@code request_id}.
 */
public interface UsageEmitter extends AutoCloseable {

  /**
   * Starts an emitter: opens (and, after a crash, repairs) the spool, and starts the sender and replayer threads.
   * Events left in the spool by an earlier run are replayed before any new one. Call it from a thread that may
   * block (not an event loop): it reads the spool.
   *
   * @param bootstrapServers the Kafka cluster
   * @param settings the spool and timeouts
   * @return a running emitter; close it when the edge stops taking requests
   * @throws java.io.UncheckedIOException if the spool directory cannot be created or read
   * @throws IllegalStateException if another process uses the spool directory
   */
  static UsageEmitter start(String bootstrapServers, UsageSettings settings) {
    return KafkaUsageEmitter.start(bootstrapServers, settings);
  }

  /**
   * Hands over one event. Never blocks on Kafka, the network or the disk's fsync, so it is safe on an event loop;
   * never throws for an outage. When the hand-off to the sender thread is full, the event is written to the spool
   * right here (a buffered write, no fsync).
   *
   * @param event the event of a finished request
   * @throws NullPointerException if {@code event} is null
   */
  void emit(UsageEvent event);

  /**
   * The current counters.
   *
   * @return a snapshot
   */
  UsageMetrics metrics();

  /**
   * Stops the emitter: sends what is queued, waits up to the close timeout for Kafka's acknowledgements, spools every
   * event still unacknowledged and forces the spool to the disk. Close it after the HTTP server has stopped: an
   * event emitted after this call is dropped and counted.
   */
  @Override
  void close();
}
