package dev.tollgate.schemas.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.RecordSamples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageRecordsTest {

  private static final Instant START = RecordSamples.STARTED_AT;

  @Test
  void shouldKeyUsageAndLedgerLinesByTenant() {
    PricedUsage priced = RecordSamples.pricedUsage();

    String usageKey = priced.usage().topicKey();
    String ledgerKey = priced.topicKey();

    assertEquals("acme", usageKey);
    assertEquals("acme", ledgerKey);
  }

  @Test
  void shouldRejectAnEventThatFinishesBeforeItStarts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> event(START, START.minusMillis(1), 200));

    assertEquals("finished_at must not be before started_at", e.getMessage());
  }

  @Test
  void shouldRejectAStatusThatIsNoHttpStatus() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> event(START, START, 0));

    assertEquals("http_status must be an HTTP status (100-599), got 0", e.getMessage());
  }

  @Test
  void shouldRejectAnUnknownSchemaVersion() {
    UsageEvent e = RecordSamples.usageEvent();

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new UsageEvent(0, e.requestId(), e.tenant(), e.keyId(), e.endpoint(), e.modelAlias(), e.provider(),
                    e.deployment(), e.upstreamModel(), e.attempt(), e.tokens(), e.usageSource(), e.outcome(),
                    e.httpStatus(), e.stream(), e.startedAt(), e.finishedAt(), e.latencyMs(), e.ttftMs(),
                    e.edgeId()));

    assertEquals("schema_version is required and must be >= 1", thrown.getMessage());
  }

  @Test
  void shouldRequireAPriceUnlessUnpriced() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PricedUsage(1, RecordSamples.usageEvent(), null, new Cost(1, 0, 0, 0), false, START));

    assertEquals("price is required unless unpriced", e.getMessage());
  }

  @Test
  void shouldChargeNothingForAnUnpricedRequest() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PricedUsage(1, RecordSamples.usageEvent(), null, new Cost(1, 0, 0, 0), true, START));

    assertEquals("cost must be zero when unpriced", e.getMessage());
  }

  @Test
  void shouldKeyARollupByTenantKeyModelGranularityAndWindow() {
    UsageRollup rollup = RecordSamples.usageRollup();

    String key = rollup.topicKey();

    assertEquals("acme/k1/gpt-4o/hour/2026-03-01T12:00:00Z", key);
  }

  @Test
  void shouldAlignWindowsToTheUtcHourAndDay() {
    Instant at = Instant.parse("2026-03-01T23:59:59.999Z");

    Instant hour = Granularity.HOUR.windowStart(at);
    Instant day = Granularity.DAY.windowStart(at);

    assertEquals(Instant.parse("2026-03-01T23:00:00Z"), hour);
    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), day);
  }

  @Test
  void shouldRejectARollupWindowThatIsNotAligned() {
    Instant start = Instant.parse("2026-03-01T12:30:00Z");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rollup(Granularity.HOUR, start, start.plusSeconds(3600)));

    assertEquals("window_start must be aligned to the UTC hour", e.getMessage());
  }

  @Test
  void shouldRejectARollupWindowOfTheWrongLength() {
    Instant start = Instant.parse("2026-03-01T00:00:00Z");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rollup(Granularity.DAY, start, start.plusSeconds(3600)));

    assertEquals("window_end must be window_start plus one day", e.getMessage());
  }

  private static UsageEvent event(Instant startedAt, Instant finishedAt, int status) {
    return new UsageEvent(1, "r1", "acme", "k1", Endpoint.COMPLETIONS, "gpt-4o", null, null, null, 0,
        TokenCounts.ZERO, UsageSource.ESTIMATED, Outcome.REJECTED, status, false, startedAt, finishedAt, 0, null,
        "edge-1");
  }

  private static UsageRollup rollup(Granularity granularity, Instant start, Instant end) {
    return new UsageRollup(1, "acme", "k1", "gpt-4o", granularity, start, end, 0, TokenCounts.ZERO, Cost.ZERO);
  }
}
