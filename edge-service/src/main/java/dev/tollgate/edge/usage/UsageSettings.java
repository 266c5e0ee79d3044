package dev.tollgate.edge.usage;

import dev.tollgate.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the edge emits usage events: where it spools them while Kafka is unreachable and how long it waits for Kafka.
 *
 * @param spoolDir the directory of the spool; one per edge instance (a lock file refuses a second process), on a
 *     local disk that outlives the process
 * @param fsync when spooled events are forced to the disk
 * @param maxSpoolBytes the most disk the spool may use; past it events are dropped, counted in
 *     {@link UsageMetrics#dropped()} and logged as an error once
 * @param deliveryTimeout how long the producer keeps trying one event before it goes to the spool
 *     ({@code delivery.timeout.ms}); also how long an outage goes unnoticed at most
 * @param closeTimeout how long {@link UsageEmitter#close()} waits for Kafka to take the events in flight before it
 *     spools them
 * @param handOffCapacity how many events may wait for the sender thread; more go straight to the spool
 * @param topic the topic to produce to, {@link Topics#USAGE} unless a test or a deployment renames it
 */
public record UsageSettings(
    Path spoolDir,
    FsyncPolicy fsync,
    long maxSpoolBytes,
    Duration deliveryTimeout,
    Duration closeTimeout,
    int handOffCapacity,
    String topic) {

  /** One GiB: about two million events, hours of a busy edge's traffic. */
  public static final long DEFAULT_MAX_SPOOL_BYTES = 1L << 30;

  /** Long enough to ride out a leader election, short enough that an outage reaches the spool promptly. */
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(20);

  /** A shutdown should not hang on a dead cluster; what Kafka did not take by then is spooled. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** A few seconds of a busy edge's traffic, a few MB of heap. */
  public static final int DEFAULT_HAND_OFF_CAPACITY = 16_384;

  /** Below this a spool would be full after a moment of outage. */
  public static final long MIN_SPOOL_BYTES = 64 * 1024;

  public UsageSettings {
    Objects.requireNonNull(spoolDir, "spoolDir");
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (maxSpoolBytes < MIN_SPOOL_BYTES) {
      throw new IllegalArgumentException("maxSpoolBytes must be >= " + MIN_SPOOL_BYTES + ", got " + maxSpoolBytes);
    }
    if (deliveryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("deliveryTimeout must be at least 1 s, got " + deliveryTimeout);
    }
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
    }
    if (handOffCapacity < 1) {
      throw new IllegalArgumentException("handOffCapacity must be >= 1, got " + handOffCapacity);
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic is required");
    }
  }

  /**
   * The defaults, spooling to {@code spoolDir}: fsync every batch, 1 GiB, 20 s delivery timeout, 10 s close timeout,
   * topic {@code tollgate.usage}.
   *
   * @param spoolDir the spool directory, created if missing
   * @return the settings
   */
  public static UsageSettings defaults(Path spoolDir) {
    return new UsageSettings(
        spoolDir,
        FsyncPolicy.EVERY_BATCH,
        DEFAULT_MAX_SPOOL_BYTES,
        DEFAULT_DELIVERY_TIMEOUT,
        DEFAULT_CLOSE_TIMEOUT,
        DEFAULT_HAND_OFF_CAPACITY,
        Topics.USAGE.name());
  }

  /** These settings with another fsync policy. */
  public UsageSettings withFsync(FsyncPolicy value) {
    return new UsageSettings(spoolDir, value, maxSpoolBytes, deliveryTimeout, closeTimeout, handOffCapacity, topic);
  }

  /** These settings with another spool size bound. */
  public UsageSettings withMaxSpoolBytes(long value) {
    return new UsageSettings(spoolDir, fsync, value, deliveryTimeout, closeTimeout, handOffCapacity, topic);
  }

  /** These settings with another delivery timeout. */
  public UsageSettings withDeliveryTimeout(Duration value) {
    return new UsageSettings(spoolDir, fsync, maxSpoolBytes, value, closeTimeout, handOffCapacity, topic);
  }

  /** These settings with another close timeout. */
  public UsageSettings withCloseTimeout(Duration value) {
    return new UsageSettings(spoolDir, fsync, maxSpoolBytes, deliveryTimeout, value, handOffCapacity, topic);
  }

  /** These settings with another hand-off capacity. */
  public UsageSettings withHandOffCapacity(int value) {
    return new UsageSettings(spoolDir, fsync, maxSpoolBytes, deliveryTimeout, closeTimeout, value, topic);
  }

  /** These settings producing to another topic. */
  public UsageSettings withTopic(String value) {
    return new UsageSettings(spoolDir, fsync, maxSpoolBytes, deliveryTimeout, closeTimeout, handOffCapacity, value);
  }
}
