package dev.tollgate.budget.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.BudgetWindow.WindowKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {

  @Test
  void shouldCutCalendarWindowsAtMidnightMondayAndTheFirstOfTheMonth() {
    Instant wednesday = Instant.parse("2026-12-30T15:00:00Z");

    assertEquals(period("2026-12-30T00:00:00Z", "2026-12-31T00:00:00Z"),
        span(windows(WindowKind.DAILY, null, "UTC").containing(wednesday)));
    assertEquals(period("2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z"),
        span(windows(WindowKind.WEEKLY, null, "UTC").containing(wednesday)), "an ISO week crosses the new year");
    assertEquals(period("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        span(windows(WindowKind.MONTHLY, null, "UTC").containing(wednesday)));
  }

  @Test
  void shouldGiveEachMonthItsOwnLength() {
    Windows monthly = windows(WindowKind.MONTHLY, null, "UTC");

    assertEquals(Duration.ofDays(28), length(monthly.containing(Instant.parse("2026-02-28T23:59:59Z"))));
    assertEquals(Duration.ofDays(29), length(monthly.containing(Instant.parse("2028-02-29T00:00:00Z"))));
    assertEquals(Duration.ofDays(31), length(monthly.containing(Instant.parse("2026-01-31T12:00:00Z"))));
    assertEquals(Duration.ofDays(30), length(monthly.containing(Instant.parse("2026-04-30T12:00:00Z"))));
  }

  @Test
  void shouldMakeDaysOfADstChange23And25HoursLong() {
    Windows berlin = windows(WindowKind.DAILY, null, "Europe/Berlin");

    assertEquals(Duration.ofHours(23), length(berlin.containing(Instant.parse("2026-03-29T12:00:00Z"))));
    assertEquals(Duration.ofHours(25), length(berlin.containing(Instant.parse("2026-10-25T12:00:00Z"))));
    assertEquals(Duration.ofDays(7).minusHours(1),
        length(windows(WindowKind.WEEKLY, null, "Europe/Berlin").containing(Instant.parse("2026-03-29T12:00:00Z"))));
  }

  @Test
  void shouldStartAtTheFirstInstantOfADayWhoseMidnightDoesNotExist() {
    // Santiago springs forward at midnight: 2026-09-06 starts at 01:00 local time
    Period day = windows(WindowKind.DAILY, null, "America/Santiago").containing(Instant.parse("2026-09-06T12:00:00Z"));

    assertEquals(Instant.parse("2026-09-06T04:00:00Z"), day.start());
  }

  @Test
  void shouldCoverTodayAndTheDaysBeforeInARollingWindow() {
    Period last7 = windows(WindowKind.ROLLING, 7, "Asia/Tokyo").containing(Instant.parse("2026-03-01T16:00:00Z"));

    // 01:00 on March 2 in Tokyo
    assertEquals(period("2026-02-23T15:00:00Z", "2026-03-02T15:00:00Z"), span(last7));
  }

  private static Windows windows(WindowKind kind, Integer days, String zone) {
    return Windows.of(new BudgetConfig(BudgetConfig.CURRENT_SCHEMA_VERSION, "b", new BudgetScope("acme", null, null),
        BigDecimal.ONE, new BudgetWindow(kind, days), List.of(), BudgetMode.HARD, zone, null));
  }

  /** A period as {@code start/end}, what these tests compare. */
  private static String period(String start, String end) {
    return Instant.parse(start) + "/" + Instant.parse(end);
  }

  private static String span(Period period) {
    return period.start() + "/" + period.end();
  }

  private static Duration length(Period period) {
    return Duration.between(period.start(), period.end());
  }
}
