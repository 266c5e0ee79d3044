package dev.tollgate.budget.window;

import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Cuts a budget's time into windows, in its time zone, with calendar arithmetic ({@link LocalDate}) so month ends,
 * leap days and DST changes are right:
 *
 * <ul>
 *   <li>{@code DAILY}: the calendar day;
 *   <li>{@code WEEKLY}: the ISO week, Monday to Sunday;
 *   <li>{@code MONTHLY}: the calendar month;
 *   <li>{@code ROLLING} of N days: today and the N - 1 days before it. It ends, and "resets", at the next midnight,
 *       when the oldest day drops out: the spend then falls by that day's spend, not to zero.
 * </ul>
 */
public final class Windows {

  private final BudgetWindow window;
  private final ZoneId zone;

  private Windows(BudgetWindow window, ZoneId zone) {
    this.window = window;
    this.zone = zone;
  }

  /**
   * @param budget a budget
   * @return the windows of its kind, in its time zone
   */
  public static Windows of(BudgetConfig budget) {
    return new Windows(budget.window(), ZoneId.of(budget.timeZone()));
  }

  /**
   * @param instant any instant
   * @return the day it falls on in the budget's zone
   */
  public LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant, zone);
  }

  /**
   * @param instant any instant
   * @return the window that contains it
   */
  public Period containing(Instant instant) {
    LocalDate day = dayOf(instant);
    return switch (window.kind()) {
      case DAILY -> Period.of(day, day.plusDays(1), zone);
      case WEEKLY -> {
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        yield Period.of(monday, monday.plusWeeks(1), zone);
      }
      case MONTHLY -> {
        LocalDate first = day.withDayOfMonth(1);
        yield Period.of(first, first.plusMonths(1), zone);
      }
      case ROLLING -> Period.of(day.minusDays(window.days() - 1L), day.plusDays(1), zone);
    };
  }
}
