package dev.tollgate.metering;

import java.time.Duration;
import java.util.Objects;

/**
 * What the metering topology needs to know, validated once. The runner builds it from the file and the
 * environment; the topology only reads it.
 *
 * @param applicationId the Kafka Streams {@code application.id}: consumer group, prefix of the internal topics and
 *     of the state directory; {@value #DEFAULT_APPLICATION_ID} by default
 * @param dedupWindow how long a {@code request_id} is remembered, in stream time (the latest {@code started_at}
 *     seen on the partition): a second delivery within this window of the first is dropped. It must cover the
 *     edge's spool replay, which keeps each event's original timestamp; the default, {@link #DEFAULT_DEDUP_WINDOW},
 *     is the retention of {@code tollgate.usage}, the longest a record can stay in the topic
 * @param rollupGrace how long after a rollup window ends (in stream time) a late event is still added to it;
 *     {@link #DEFAULT_ROLLUP_GRACE} by default. A later event still reaches the ledger, not the rollup
 */
public record MeteringSettings(String applicationId, Duration dedupWindow, Duration rollupGrace) {

  /** The default Kafka Streams application id. */
  public static final String DEFAULT_APPLICATION_ID = "tollgate-metering";

  /** Seven days: the retention of {@code tollgate.usage}. */
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);

  /** Six hours of lateness a rollup window still accepts. */
  public static final Duration DEFAULT_ROLLUP_GRACE = Duration.ofHours(6);

  public MeteringSettings {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("application_id is required");
    }
    requirePositive(dedupWindow, "dedup_window");
    Objects.requireNonNull(rollupGrace, "rollup_grace is required");
    if (rollupGrace.isNegative()) {
      throw new IllegalArgumentException("rollup_grace must be >= 0, got " + rollupGrace);
    }
  }

  /**
   * The settings with every default.
   *
   * @return {@value #DEFAULT_APPLICATION_ID}, {@link #DEFAULT_DEDUP_WINDOW}, {@link #DEFAULT_ROLLUP_GRACE}
   */
  public static MeteringSettings defaults() {
    return new MeteringSettings(DEFAULT_APPLICATION_ID, DEFAULT_DEDUP_WINDOW, DEFAULT_ROLLUP_GRACE);
  }

  /** @return a copy with another de-duplication window */
  public MeteringSettings withDedupWindow(Duration window) {
    return new MeteringSettings(applicationId, window, rollupGrace);
  }

  /** @return a copy with another rollup grace period */
  public MeteringSettings withRollupGrace(Duration grace) {
    return new MeteringSettings(applicationId, dedupWindow, grace);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name + " is required");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
