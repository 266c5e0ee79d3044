package dev.tollgate.metering.query;

import dev.tollgate.schemas.usage.Granularity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A part of a query's range read from one granularity of windows: {@code [from, to)}, aligned to that
 * granularity.
 *
 * @param granularity which store serves the part
 * @param from its first instant
 * @param to the first instant after it
 */
public record WindowSlice(Granularity granularity, Instant from, Instant to) {

  /**
   * The slices that cover {@code [from, to)}: daily windows for every whole UTC day inside the range, hourly
   * windows for the hours before the first and after the last whole day. A range with no whole day is read from
   * hourly windows only.
   *
   * @param from the start, on a whole UTC hour
   * @param to the end (excluded), on a whole UTC hour, after {@code from}
   * @return one to three slices, in order, that do not overlap
   */
  public static List<WindowSlice> cover(Instant from, Instant to) {
    Instant firstDay = Granularity.DAY.windowStart(from.plus(1, ChronoUnit.DAYS).minusNanos(1));
    Instant lastDayEnd = Granularity.DAY.windowStart(to);
    List<WindowSlice> slices = new ArrayList<>();
    if (!firstDay.isBefore(lastDayEnd)) {
      slices.add(new WindowSlice(Granularity.HOUR, from, to));
      return slices;
    }
    if (from.isBefore(firstDay)) {
      slices.add(new WindowSlice(Granularity.HOUR, from, firstDay));
    }
    slices.add(new WindowSlice(Granularity.DAY, firstDay, lastDayEnd));
    if (lastDayEnd.isBefore(to)) {
      slices.add(new WindowSlice(Granularity.HOUR, lastDayEnd, to));
    }
    return slices;
  }
}
