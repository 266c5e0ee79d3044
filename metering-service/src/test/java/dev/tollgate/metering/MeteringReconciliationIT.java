package dev.tollgate.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.metering.ExpectedMetering.Totals;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Granularity;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageRollup;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of usage deliveries, with duplicates, reorderings and events held back past the grace period, metered
 * across three lifetimes of the Streams app (a restart on the same state directory, then one on a wiped one): the
 * ledger, the rollups and an independent computation agree to the nano-USD.
 *
 * <p>It runs on a broker of its own, so the stream time of its partitions is the time of its own events only.
 */
class MeteringReconciliationIT {

  private static final long SEED = Long.getLong("tollgate.reconciliation.seed", 20_261_123L);
  private static final int EVENTS = 4_000;
  private static final Duration SPAN = Duration.ofHours(40);
  private static final Duration GRACE = Duration.ofMinutes(20);
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private static DedicatedBroker broker;

  @TempDir Path stateDir;
  @TempDir Path wipedStateDir;

  @BeforeAll
  static void startBroker() {
    broker = DedicatedBroker.start();
    try (Admin admin = broker.admin()) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldReconcileLedgerRollupsAndExpectationExactlyAcrossRestarts() throws Exception {
    // Given a seeded scenario: three models whose prices change, events over 40 hours ending a day ago
    System.out.println("MeteringReconciliationIT seed=" + SEED + " (rerun with -Dtollgate.reconciliation.seed=N)");
    // the broker is this test's own: names need not be unique, and fixed names keep the partitions reproducible
    String run = "seed" + SEED;
    Instant base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)).plus(Duration.ofHours(5));
    UsageScenario scenario = new UsageScenario(SEED, run, base, EVENTS, SPAN, true);
    MeteringFixtures.publishConfig(broker.bootstrapServers(), scenario.models);
    ExpectedMetering expected = new ExpectedMetering(scenario, GRACE, Topics.USAGE.partitions());
    MeteringConfig config = new MeteringConfig(broker.bootstrapServers(), stateDir,
        MeteringSettings.defaults().withApplicationId("metering-reconcile-" + UUID.randomUUID()).withRollupGrace(GRACE),
        Optional.empty());
    List<UsageEvent> deliveries = scenario.deliveries;
    int first = deliveries.size() * 2 / 5;
    int second = deliveries.size() * 3 / 4;

    // When the deliveries are metered by one instance, a restart on the same state, and a restart on wiped state
    long dropped = 0;
    dropped += meter(config, deliveries.subList(0, first), expected, scenario);
    dropped += meter(config, deliveries.subList(first, second), expected, scenario);
    dropped += meter(config.withStateDir(wipedStateDir), deliveries.subList(second, deliveries.size()), expected,
        scenario);

    // Then the ledger has each distinct request once, at the expected cost, late ones included
    Map<String, PricedUsage> ledger = ledger(scenario);
    assertEquals(expected.ledgerIds(), ledger.keySet());
    assertEquals(expected.ledger, sum(ledger.values().stream()));
    for (PricedUsage line : ledger.values()) {
      assertEquals(expected.costOf(line.usage().requestId()), line.cost().totalNanoUsd(), line.usage().requestId());
    }
    // and each rollup total is the ledger's minus the events later than that granularity's grace
    Map<String, UsageRollup> rollups = rollups(scenario);
    for (Granularity granularity : Granularity.values()) {
      Set<String> late = granularity == Granularity.HOUR ? expected.lateForHour : expected.lateForDay;
      Totals inGrace = sum(ledger.values().stream().filter(l -> !late.contains(l.usage().requestId())));
      Totals rolledUp = rollups.values().stream().filter(r -> r.granularity() == granularity)
          .map(MeteringReconciliationIT::totals).reduce(Totals.ZERO, Totals::plus);
      assertEquals(inGrace, rolledUp, granularity.name());
    }
    // and late events were counted where they were dropped: Kafka Streams' dropped-records metric
    long expectedDrops = expected.lateForHour.size() + expected.lateForDay.size();
    assertEquals(expectedDrops, dropped);
    System.out.printf("reconciled %d deliveries: %d distinct, %d duplicates, %d late for the hour, %d for the day,"
            + " ledger %d nano-USD%n", deliveries.size(), ledger.size(), expected.duplicates,
        expected.lateForHour.size(), expected.lateForDay.size(), expected.ledger.nanoUsd());
    assertTrue(expected.duplicates > 0 && !expected.lateForHour.isEmpty() && !expected.lateForDay.isEmpty(),
        "the scenario has duplicates and events late for both granularities");
  }

  /**
   * Starts an instance, delivers {@code part}, waits until the rollups equal the expectation, and closes it.
   *
   * @return the records its window aggregations dropped as too late
   */
  private static long meter(MeteringConfig config, List<UsageEvent> part, ExpectedMetering expected,
      UsageScenario scenario) throws Exception {
    expected.restart();
    int before = expected.ledgerIds().size();
    expected.deliver(part);
    long newLines = expected.ledgerIds().size() - before;
    try (MeteringService metering = MeteringService.start(config)) {
      metering.awaitRunning(DEADLINE);
      MeteringFixtures.produceUsage(broker.bootstrapServers(), part);
      // cheap first: this lifetime's priced and unpriced counters, before reading the rollups topic
      Await.until(DEADLINE, () -> ledgerLines(metering) >= newLines, "metering to price " + newLines + " events");
      Await.until(DEADLINE, () -> {
        Map<String, UsageRollup> rollups = rollups(scenario);
        return matches(rollups, Granularity.HOUR, expected.hourly) && matches(rollups, Granularity.DAY, expected.daily);
      }, "the rollups to equal the expected ones");
      Await.until(DEADLINE, () -> droppedRecords(metering) == expected.dropsThisRun,
          "the dropped-records metric to reach " + expected.dropsThisRun + " (is " + droppedRecords(metering) + ")");
      return droppedRecords(metering);
    }
  }

  private static boolean matches(Map<String, UsageRollup> rollups, Granularity granularity,
      Map<String, Totals> expected) {
    Map<String, Totals> actual = new HashMap<>();
    rollups.forEach((key, rollup) -> {
      if (rollup.granularity() == granularity) {
        actual.put(key, totals(rollup));
      }
    });
    return actual.equals(expected);
  }

  private static long ledgerLines(MeteringService metering) {
    return Math.round(metering.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("stream-metering-metrics"))
        .filter(e -> e.getKey().name().equals("priced-total") || e.getKey().name().startsWith("unpriced-"))
        .filter(e -> e.getKey().name().endsWith("-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum());
  }

  private static long droppedRecords(MeteringService metering) {
    return Math.round(metering.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dropped-records-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum());
  }

  /** Every ledger line of the scenario's tenants by request id; fails on a request id seen twice. */
  private static Map<String, PricedUsage> ledger(UsageScenario scenario) {
    Map<String, PricedUsage> byId = new HashMap<>();
    Set<String> twice = new HashSet<>();
    for (ConsumerRecord<String, PricedUsage> record :
        MeteringFixtures.readToEnd(broker.bootstrapServers(), Topics.USAGE_PRICED)) {
      PricedUsage line = record.value();
      if (ours(line.usage().tenant(), scenario) && byId.put(line.usage().requestId(), line) != null) {
        twice.add(line.usage().requestId());
      }
    }
    assertEquals(Set.of(), twice, "request ids on the ledger more than once");
    return byId;
  }

  /** The latest rollup per key of the scenario's tenants, as compaction keeps it. */
  private static Map<String, UsageRollup> rollups(UsageScenario scenario) {
    Map<String, UsageRollup> latest = new HashMap<>();
    for (ConsumerRecord<String, UsageRollup> record :
        MeteringFixtures.readToEnd(broker.bootstrapServers(), Topics.USAGE_ROLLUPS)) {
      if (ours(record.value().tenant(), scenario)) {
        latest.put(record.key(), record.value());
      }
    }
    return latest;
  }

  private static boolean ours(String tenant, UsageScenario scenario) {
    return tenant.startsWith("r" + scenario.run + "-");
  }

  private static Totals totals(UsageRollup r) {
    return new Totals(r.requests(), r.tokens().prompt(), r.tokens().completion(), r.tokens().cachedPrompt(),
        r.tokens().reasoning(), r.cost().totalNanoUsd());
  }

  private static Totals sum(Stream<PricedUsage> lines) {
    return lines.map(l -> Totals.ZERO.plus(l.usage().tokens(), l.cost().totalNanoUsd()))
        .reduce(Totals.ZERO, Totals::plus);
  }
}
