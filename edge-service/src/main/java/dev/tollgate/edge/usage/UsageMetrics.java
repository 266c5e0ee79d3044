package dev.tollgate.edge.usage;

/**
 * A snapshot of a {@link UsageEmitter}'s counters (since it started) and gauges, for {@code /metrics} and for tests.
 *
 * <p>Every accepted event ends up counted once in {@code emitted}, {@code replayed} or {@code dropped}; until then it
 * is {@code queued}, {@code inFlight} or {@code pending}. {@code replayed} also counts events recovered from a
 * previous run's spool, which this emitter never accepted.
 *
 * @param accepted events passed to {@link UsageEmitter#emit}
 * @param emitted events Kafka acknowledged when they were sent directly
 * @param spooled events written to the spool and forced to the disk as the {@link FsyncPolicy} says
 * @param replayed events Kafka acknowledged when they were replayed from the spool
 * @param dropped events lost because the spool was full or unwritable; anything but 0 needs an operator
 * @param queued events waiting for the sender thread (gauge)
 * @param inFlight events handed to the producer and not yet acknowledged or failed (gauge)
 * @param pending events in the spool that Kafka has not acknowledged yet (gauge)
 * @param spoolBytes disk used by the spool's files (gauge)
 * @param damagedFrames damaged frames cut from the spool, such as a write torn by a crash; their bytes are kept
 *     aside in a {@code .damaged-<offset>} file next to the segment
 * @param spooling whether new events currently go to the spool instead of Kafka (gauge)
 * @param spoolFull whether the spool is at its size bound and dropping events (gauge)
 */
public record UsageMetrics(
    long accepted,
    long emitted,
    long spooled,
    long replayed,
    long dropped,
    long queued,
    long inFlight,
    long pending,
    long spoolBytes,
    long damagedFrames,
    boolean spooling,
    boolean spoolFull) {

  /**
   * Events that reached Kafka, directly or by replay.
   *
   * @return {@code emitted + replayed}
   */
  public long delivered() {
    return emitted + replayed;
  }
}
