package dev.tollgate.metering;

import dev.tollgate.schemas.usage.Granularity;
import java.time.Duration;
import java.util.Objects;

/**
 * What the metering topology needs to know, validated once. {@link MeteringConfig} builds it from the environment;
 * the topology only reads it.
 *
 * @param applicationId the Kafka Streams {@code application.id}: consumer group, prefix of the internal topics and
 *     of the state directory; {@value #DEFAULT_APPLICATION_ID} by default
 * @param dedupWindow how long a {@code request_id} is remembered, in stream time (the latest {@code started_at}
 *     seen on the partition): a second delivery within this window of the first is dropped. It must cover the
 *     edge's spool replay, which keeps each event's original timestamp; the default, {@link #DEFAULT_DEDUP_WINDOW},
 *     is the retention of {@code tollgate.usage}, the longest a record can stay in the topic
 * @param rollupGrace how long after a rollup window ends (in stream time) a late event is still added to it;
 *     {@link #DEFAULT_ROLLUP_GRACE} by default. A later event still reaches the ledger, not the rollup
 * @param hourlyRetention how long the hourly windows stay in their store for the usage API, in stream time;
 *     {@link #DEFAULT_HOURLY_RETENTION} by default, and at least one hour plus the grace
 * @param dailyRetention how long the daily windows stay in their store for the usage API;
 *     {@link #DEFAULT_DAILY_RETENTION} by default, and at least one day plus the grace
 */
public record MeteringSettings(
    String applicationId,
    Duration dedupWindow,
    Duration rollupGrace,
    Duration hourlyRetention,
    Duration dailyRetention) {

  /** The default Kafka Streams application id. */
  public static final String DEFAULT_APPLICATION_ID = "tollgate-metering";

  /** Seven days: the retention of {@code tollgate.usage}. */
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);

  /** Six hours of lateness a rollup window still accepts. */
  public static final Duration DEFAULT_ROLLUP_GRACE = Duration.ofHours(6);

  /** 35 days of hourly windows: a month of hours, with room for the edges of a monthly query. */
  public static final Duration DEFAULT_HOURLY_RETENTION = Duration.ofDays(35);

  /** 400 days of daily windows: more than the longest range the usage API answers (366 days). */
  public static final Duration DEFAULT_DAILY_RETENTION = Duration.ofDays(400);

  public MeteringSettings {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("application_id is required");
    }
    requirePositive(dedupWindow, "dedup_window");
    Objects.requireNonNull(rollupGrace, "rollup_grace is required");
    if (rollupGrace.isNegative()) {
      throw new IllegalArgumentException("rollup_grace must be >= 0, got " + rollupGrace);
    }
    requireCovers(hourlyRetention, "hourly_retention", Granularity.HOUR.length().plus(rollupGrace));
    requireCovers(dailyRetention, "daily_retention", Granularity.DAY.length().plus(rollupGrace));
  }

  /**
   * The settings with every default.
   *
   * @return {@value #DEFAULT_APPLICATION_ID} and the {@code DEFAULT_*} durations
   */
  public static MeteringSettings defaults() {
    return new MeteringSettings(DEFAULT_APPLICATION_ID, DEFAULT_DEDUP_WINDOW, DEFAULT_ROLLUP_GRACE,
        DEFAULT_HOURLY_RETENTION, DEFAULT_DAILY_RETENTION);
  }

  /** @return a copy with another application id */
  public MeteringSettings withApplicationId(String id) {
    return new MeteringSettings(id, dedupWindow, rollupGrace, hourlyRetention, dailyRetention);
  }

  /** @return a copy with another de-duplication window */
  public MeteringSettings withDedupWindow(Duration window) {
    return new MeteringSettings(applicationId, window, rollupGrace, hourlyRetention, dailyRetention);
  }

  /** @return a copy with another rollup grace period */
  public MeteringSettings withRollupGrace(Duration grace) {
    return new MeteringSettings(applicationId, dedupWindow, grace, hourlyRetention, dailyRetention);
  }

  /**
   * How long the windows of one granularity are kept for queries.
   *
   * @param granularity an hour or a day
   * @return {@link #hourlyRetention} or {@link #dailyRetention}
   */
  public Duration retention(Granularity granularity) {
    return granularity == Granularity.HOUR ? hourlyRetention : dailyRetention;
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name + " is required");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireCovers(Duration value, String name, Duration minimum) {
    Objects.requireNonNull(value, name + " is required");
    if (value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          name + " must be at least the window plus the grace (" + minimum + "), got " + value);
    }
  }
}
