package dev.tollgate.schemas.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The length of a rollup window. Windows are aligned to UTC hours and UTC days. */
public enum Granularity {
  /** One UTC hour. */
  HOUR(ChronoUnit.HOURS),
  /** One UTC day. */
  DAY(ChronoUnit.DAYS);

  private final ChronoUnit unit;

  Granularity(ChronoUnit unit) {
    this.unit = unit;
  }

  /**
   * How long one window is.
   *
   * @return one hour or one day
   */
  public Duration length() {
    return unit.getDuration();
  }

  /**
   * The start of the window that holds {@code at}.
   *
   * @param at any instant
   * @return {@code at} truncated to the UTC hour or day
   */
  public Instant windowStart(Instant at) {
    return at.truncatedTo(unit);
  }
}
