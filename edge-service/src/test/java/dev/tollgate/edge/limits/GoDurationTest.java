package dev.tollgate.edge.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  /** Go's own table, time/time_test.go durationTests, with its check that negation only adds a minus sign. */
  @ParameterizedTest
  @CsvSource({
    "0s, 0",
    "1ns, 1",
    "1.1µs, 1100",
    "2.2ms, 2200000",
    "3.3s, 3300000000",
    "4m5s, 245000000000",
    "4m5.001s, 245001000000",
    "5h6m7.001s, 18367001000000",
    "8m0.000000001s, 480000000001",
    "2562047h47m16.854775807s, 9223372036854775807",
  })
  void shouldFormatLikeGoForEveryEntryOfGosOwnTable(String expected, long nanos) {
    assertEquals(expected, GoDuration.format(nanos));
    if (nanos != 0) {
      assertEquals("-" + expected, GoDuration.format(-nanos));
    }
  }

  @ParameterizedTest
  @CsvSource({"-2562047h47m16.854775808s, -9223372036854775808"})
  void shouldFormatTheMostNegativeDurationLikeGo(String expected, long nanos) {
    assertEquals(expected, GoDuration.format(nanos));
  }

  @ParameterizedTest
  @CsvSource({
    "12ms, 12",
    "9ms, 9",
    "999ms, 999",
    "1s, 1000",
    "1.5s, 1500",
    "20.001s, 20001",
    "1m0s, 60000",
    "1m30.5s, 90500",
    "6m0s, 360000",
    "1h0m0s, 3600000",
    "25h0m0.001s, 90000001",
  })
  void shouldFormatTheResetsOpenAiSends(String expected, long millis) {
    assertEquals(expected, GoDuration.format(millis * MS));
    assertEquals(expected, GoDuration.format(Duration.ofMillis(millis)));
  }

  @ParameterizedTest
  @CsvSource({"999ns, 999", "1µs, 1000", "1.001µs, 1001", "999.999µs, 999999", "1ms, 1000000", "1.000001ms, 1000001"})
  void shouldSwitchUnitsBelowOneSecondWhereGoDoes(String expected, long nanos) {
    assertEquals(expected, GoDuration.format(nanos));
  }

  @Test
  void shouldPutHoursAndMinutesBeforeSecondsEvenWhenTheyAreZero() {
    assertEquals("1h1m1s", GoDuration.format(H + M + S));
    assertEquals("100h0m0s", GoDuration.format(100 * H));
    assertEquals("2h0m0.5s", GoDuration.format(2 * H + 500 * MS));
  }
}
