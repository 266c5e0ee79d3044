package dev.tollgate.budget.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One window of a budget: the days {@code [firstDay, endDay)} in the budget's time zone, and the instants they start
 * and end at there. Days, not hours, are the unit, so a window that spans a DST change is still whole days long
 * (23 or 25 hours for such a day).
 *
 * @param firstDay the first day of the window
 * @param endDay the first day after the window
 * @param start the first instant of {@code firstDay} in the zone
 * @param end the first instant of {@code endDay} in the zone: when the window resets
 */
public record Period(LocalDate firstDay, LocalDate endDay, Instant start, Instant end) {

  /**
   * The period of the days {@code [firstDay, endDay)} in {@code zone}.
   *
   * @param firstDay the first day
   * @param endDay the first day after
   * @param zone the budget's time zone
   * @return the period, with the start-of-day instants of the zone (which handle DST gaps)
   */
  public static Period of(LocalDate firstDay, LocalDate endDay, ZoneId zone) {
    return new Period(firstDay, endDay, firstDay.atStartOfDay(zone).toInstant(), endDay.atStartOfDay(zone).toInstant());
  }

  /**
   * @param day a day in the budget's zone
   * @return whether the day is in this window
   */
  public boolean contains(LocalDate day) {
    return !day.isBefore(firstDay) && day.isBefore(endDay);
  }
}
