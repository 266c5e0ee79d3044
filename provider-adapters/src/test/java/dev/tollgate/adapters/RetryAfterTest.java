package dev.tollgate.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void shouldPreferAzureThenMillisecondsThenSeconds() {
    assertEquals(250L, millis(Map.of("x-ms-retry-after-ms", "250", "retry-after-ms", "500", "retry-after", "2")));
    assertEquals(500L, millis(Map.of("Retry-After-Ms", "500", "retry-after", "2")));
    assertEquals(2000L, millis(Map.of("retry-after", "2")));
    assertEquals(1500L, millis(Map.of("retry-after", "1.5")));
  }

  @Test
  void shouldReadAnHttpDate() {
    assertEquals(30_000L, millis(Map.of("retry-after", "Wed, 01 Jan 2025 00:00:30 GMT")));
    assertEquals(0L, millis(Map.of("retry-after", "Tue, 31 Dec 2024 23:59:00 GMT")));
  }

  @Test
  void shouldIgnoreWhatDoesNotParse() {
    assertNull(millis(Map.of()));
    assertNull(millis(Map.of("retry-after", "soon")));
    assertNull(millis(Map.of("retry-after", "-1")));
    assertNull(millis(Map.of("retry-after", "NaN")));
    assertNull(millis(Map.of("retry-after", "99999999")));
    assertEquals(3000L, millis(Map.of("retry-after-ms", "0x10", "retry-after", "3")));
  }

  private static Long millis(Map<String, String> headers) {
    return RetryAfter.millis(UpstreamHeaders.of(headers), NOW);
  }
}
