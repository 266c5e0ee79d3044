package dev.tollgate.edge.usage;

import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Usage events for the tests: distinct request ids, tenants in turn, and every field set. */
final class UsageEventSamples {

  private static final Instant START = Instant.parse("2026-03-01T12:00:00.250Z");

  private UsageEventSamples() {}

  /** The {@code n}th event of a run: its request id is {@code prefix-n}, its tenant {@code tenant-(n % tenants)}. */
  static UsageEvent event(String prefix, int n, int tenants) {
    Instant startedAt = START.plusMillis(n);
    boolean stream = n % 2 == 0;
    return new UsageEvent(
        UsageEvent.CURRENT_SCHEMA_VERSION,
        prefix + "-" + n,
        "tenant-" + (n % tenants),
        "key-" + (n % 3),
        Endpoint.CHAT_COMPLETIONS,
        "gpt-4o-mini",
        "simulator",
        "sim-east",
        "sim-model-1",
        1,
        new TokenCounts(100 + n, 20 + n, n % 7, n % 5),
        stream ? UsageSource.PROVIDER : UsageSource.ESTIMATED,
        Outcome.OK,
        200,
        stream,
        startedAt,
        startedAt.plusMillis(40 + n % 13),
        40 + n % 13,
        stream ? Long.valueOf(5 + n % 3) : null,
        "edge-test");
  }

  /** {@code count} events of a fresh run (a random prefix), numbered from 0. */
  static List<UsageEvent> events(int count, int tenants) {
    return events(UUID.randomUUID().toString().substring(0, 8), 0, count, tenants);
  }

  static List<UsageEvent> events(String prefix, int from, int count, int tenants) {
    List<UsageEvent> events = new ArrayList<>(count);
    for (int n = from; n < from + count; n++) {
      events.add(event(prefix, n, tenants));
    }
    return events;
  }

  static List<SpoolRecord> records(List<UsageEvent> events) {
    List<SpoolRecord> records = new ArrayList<>(events.size());
    events.forEach(event -> records.add(SpoolRecord.of(event)));
    return records;
  }
}
