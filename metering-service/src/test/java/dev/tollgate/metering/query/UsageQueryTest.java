package dev.tollgate.metering.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.metering.MeteringSettings;
import dev.tollgate.schemas.usage.Granularity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageQueryTest {

  private static final Instant NOW = Instant.parse("2026-03-20T10:15:00Z");

  @Test
  void shouldReadDatesAsUtcMidnightAndTheRangeAsHalfOpen() {
    UsageQuery query = parse(Map.of("tenant", "acme", "from", "2026-03-01", "to", "2026-03-02"), null);

    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), query.from());
    assertEquals(Instant.parse("2026-03-02T00:00:00Z"), query.to());
    assertEquals(GroupBy.MODEL, query.groupBy());
    assertFalse(query.csv());
    assertEquals(List.of(new WindowSlice(Granularity.DAY, query.from(), query.to())), query.slices());
  }

  @Test
  void shouldReadWholeDaysFromDailyWindowsAndTheEdgesFromHourlyOnes() {
    UsageQuery query = parse(
        Map.of("tenant", "acme", "from", "2026-03-01T22:00:00Z", "to", "2026-03-04T03:00:00+00:00"), null);

    assertEquals(List.of(
        new WindowSlice(Granularity.HOUR, Instant.parse("2026-03-01T22:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")),
        new WindowSlice(Granularity.DAY, Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-04T00:00:00Z")),
        new WindowSlice(Granularity.HOUR, Instant.parse("2026-03-04T00:00:00Z"), Instant.parse("2026-03-04T03:00:00Z"))),
        query.slices());
  }

  @Test
  void shouldReadARangeWithoutAWholeDayFromHourlyWindowsOnly() {
    UsageQuery query = parse(
        Map.of("tenant", "acme", "from", "2026-03-01T22:00:00Z", "to", "2026-03-02T05:00:00Z"), null);

    assertEquals(List.of(new WindowSlice(Granularity.HOUR, query.from(), query.to())), query.slices());
  }

  @Test
  void shouldAnswerCsvWhenAskedByFormatOrByAccept() {
    Map<String, String> params = new HashMap<>(Map.of("tenant", "acme", "from", "2026-03-01", "to", "2026-03-02"));
    assertTrue(parse(params, "text/csv").csv());
    params.put("format", "csv");
    assertTrue(parse(params, null).csv());
    params.put("format", "json");
    assertFalse(parse(params, "text/csv").csv());
  }

  @Test
  void shouldNameTheParameterThatIsWrong() {
    assertBad("tenant", Map.of("from", "2026-03-01", "to", "2026-03-02"));
    assertBad("from", Map.of("tenant", "a", "to", "2026-03-02"));
    assertBad("from", Map.of("tenant", "a", "from", "March", "to", "2026-03-02"));
    assertBad("from", Map.of("tenant", "a", "from", "2026-03-01T10:30:00Z", "to", "2026-03-02"));
    assertBad("to", Map.of("tenant", "a", "from", "2026-03-02", "to", "2026-03-02"));
    assertBad("to", Map.of("tenant", "a", "from", "2025-01-01", "to", "2026-03-02"));
    assertBad("group_by", Map.of("tenant", "a", "from", "2026-03-01", "to", "2026-03-02", "group_by", "hour"));
    assertBad("format", Map.of("tenant", "a", "from", "2026-03-01", "to", "2026-03-02", "format", "xml"));
    // hourly windows are kept 35 days: an hour-aligned range that old cannot be answered
    assertBad("from", Map.of("tenant", "a", "from", "2026-01-01T05:00:00Z", "to", "2026-01-02"));
  }

  private static void assertBad(String param, Map<String, String> params) {
    ApiError.Failure failure = assertThrows(ApiError.Failure.class, () -> parse(params, null), params.toString());
    assertEquals(param, ((ApiError.BadParam) failure.error()).param(), params.toString());
  }

  private static UsageQuery parse(Map<String, String> params, String accept) {
    return UsageQuery.parse(params::get, accept, NOW, MeteringSettings.defaults());
  }
}
