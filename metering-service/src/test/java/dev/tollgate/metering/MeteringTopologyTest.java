package dev.tollgate.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.metering.dedup.RequestDeduplicator;
import dev.tollgate.metering.pricing.PriceLookup;
import dev.tollgate.metering.pricing.UsagePricer;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Granularity;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageRollup;
import dev.tollgate.schemas.usage.UsageSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteringTopologyTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant PRICE_CHANGE = Instant.parse("2026-03-01T13:00:00Z");

  @TempDir Path stateDir;

  @Test
  void shouldPriceEachTokenKindExactlyToTheNanoUsd() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      metering.config(model("gpt-4o", deployment("d1", price(null, "2.50", "10.00", "1.25", null))));

      // 1000 prompt tokens of which 400 cached, 500 completion tokens of which 200 reasoning
      metering.usage(event("r1", "acme", "k1", "gpt-4o", "d1", T0, new TokenCounts(1000, 500, 400, 200)));

      PricedUsage line = metering.ledger().get(0);
      assertFalse(line.unpriced());
      // 600 × 2.50 + 400 × 1.25 (cached) + 300 × 10.00 + 200 × 10.00 (reasoning at the output price) per million
      assertEquals(new Cost(1_500_000, 3_000_000, 500_000, 2_000_000), line.cost());
      assertEquals(7_000_000, line.cost().totalNanoUsd());
    }
  }

  @Test
  void shouldNotChargeCachedOrReasoningTokensTwice() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      metering.config(model("o3", deployment("d1", price(null, "1", "1", "1", "1"))));

      // at one dollar per million for every kind, the bill is exactly prompt + completion tokens
      metering.usage(event("r1", "acme", "k1", "o3", "d1", T0, new TokenCounts(1000, 500, 1000, 500)));
      metering.usage(event("r2", "acme", "k1", "o3", "d1", T0, new TokenCounts(1000, 500, 0, 0)));

      List<PricedUsage> ledger = metering.ledger();
      assertEquals(new Cost(0, 0, 1_000_000, 500_000), ledger.get(0).cost());
      assertEquals(new Cost(1_000_000, 500_000, 0, 0), ledger.get(1).cost());
      assertEquals(1_500_000, ledger.get(0).cost().totalNanoUsd());
      assertEquals(1_500_000, ledger.get(1).cost().totalNanoUsd());
    }
  }

  @Test
  void shouldBillCacheWritesAtTheirOwnRateOnTheLedgerAndInTheRollups() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      Price anthropic = new Price(null, new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), null,
          new BigDecimal("3.75"));
      metering.config(model("claude", deployment("d1", anthropic)));
      metering.config(model("plain", deployment("d2", price(null, "3", "15", null, null))));

      // prompt 2000 = 500 read from the cache + 1200 written to it + 300 uncached
      TokenCounts tokens = new TokenCounts(2000, 100, 500, 0, 1200L);
      metering.usage(event("r1", "acme", "k1", "claude", "d1", T0, tokens));
      metering.usage(event("r2", "acme", "k1", "claude", "d1", T0.plusSeconds(1), tokens));
      metering.usage(event("r3", "acme", "k1", "plain", "d2", T0, tokens));

      List<PricedUsage> ledger = metering.ledger();
      // 300 × 3 + 100 × 15 + 500 × 0.30 + 1200 × 3.75 per million: 900 000 + 1 500 000 + 150 000 + 4 500 000
      assertEquals(new Cost(900_000, 1_500_000, 150_000, 0, 4_500_000L), ledger.get(0).cost());
      assertEquals(7_050_000, ledger.get(0).cost().totalNanoUsd());
      // without a cache-write (or cached) rate: the input rate, still reported in its own item
      assertEquals(new Cost(900_000, 1_500_000, 1_500_000, 0, 3_600_000L), ledger.get(2).cost());
      UsageRollup hour = metering.rollups().get("acme/k1/claude/hour/2026-03-01T12:00:00Z");
      assertEquals(new Cost(1_800_000, 3_000_000, 300_000, 0, 9_000_000L), hour.cost());
      assertEquals(2_400L, hour.tokens().cacheWriteTokens());
    }
  }

  @Test
  void shouldRoundEachLineItemHalfEvenToTheNanoUsd() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      // 0.0025 USD per million tokens is 2.5 nano-USD per token, 0.0035 is 3.5
      metering.config(model("tiny", deployment("d1", price(null, "0.0025", "0.0035", null, null))));

      metering.usage(event("r1", "acme", "k1", "tiny", "d1", T0, new TokenCounts(1, 1, 0, 0)));
      metering.usage(event("r2", "acme", "k1", "tiny", "d1", T0, new TokenCounts(3, 0, 0, 0)));

      List<PricedUsage> ledger = metering.ledger();
      // 2.5 → 2 and 3.5 → 4 (ties to even); 7.5 → 8
      assertEquals(new Cost(2, 4, 0, 0), ledger.get(0).cost());
      assertEquals(new Cost(8, 0, 0, 0), ledger.get(1).cost());
    }
  }

  @Test
  void shouldSeeAModelDeletedAfterItWasUsedForPricing() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      ModelConfig gpt4o = model("gpt-4o", deployment("d1", price(null, "2.50", "10.00", null, null)));
      metering.config(gpt4o);
      TokenCounts tokens = new TokenCounts(1000, 0, 0, 0);

      metering.usage(event("r1", "acme", "k1", "gpt-4o", "d1", T0, tokens));
      metering.deleteConfig(gpt4o.topicKey());
      metering.usage(event("r2", "acme", "k1", "gpt-4o", "d1", T0.plusSeconds(1), tokens));

      List<PricedUsage> ledger = metering.ledger();
      assertEquals(2_500_000, ledger.get(0).cost().totalNanoUsd());
      assertTrue(ledger.get(1).unpriced());
    }
  }

  @Test
  void shouldKeepHistoryAtItsPriceWhenThePriceChangesMidStream() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      Price old = price(null, "2.50", "10.00", null, null);
      Price cheaper = price(PRICE_CHANGE, "1.00", "4.00", null, null);
      metering.config(model("gpt-4o", deployment("d1", old)));
      TokenCounts tokens = new TokenCounts(1_000_000, 1_000_000, 0, 0);

      metering.usage(event("before", "acme", "k1", "gpt-4o", "d1", T0, tokens));
      metering.config(model("gpt-4o", deployment("d1", old, cheaper)));
      metering.usage(event("after", "acme", "k1", "gpt-4o", "d1", PRICE_CHANGE.plusSeconds(1), tokens));
      // an event that started before the change but arrives after it keeps the old price
      metering.usage(event("late", "acme", "k1", "gpt-4o", "d1", PRICE_CHANGE.minusMillis(1), tokens));

      List<PricedUsage> ledger = metering.ledger();
      assertEquals(12_500_000_000L, ledger.get(0).cost().totalNanoUsd());
      assertEquals(old, ledger.get(0).price());
      assertEquals(5_000_000_000L, ledger.get(1).cost().totalNanoUsd());
      assertEquals(cheaper, ledger.get(1).price());
      assertEquals(12_500_000_000L, ledger.get(2).cost().totalNanoUsd());
      assertEquals(old, ledger.get(2).price());
    }
  }

  @Test
  void shouldPriceAFailoverAtTheFallbackModelsDeployment() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      metering.config(
          new ModelConfig(
              ModelConfig.CURRENT_SCHEMA_VERSION,
              "main",
              RouteStrategy.WEIGHTED,
              List.of(deployment("main-d", price(null, "5", "5", null, null))),
              List.of("backup")));
      metering.config(model("backup", deployment("backup-d", price(null, "1", "1", null, null))));

      metering.usage(event("r1", "acme", "k1", "main", "backup-d", T0, new TokenCounts(1000, 0, 0, 0)));

      assertEquals(1_000_000, metering.ledger().get(0).cost().totalNanoUsd());
    }
  }

  @Test
  void shouldCountADuplicateRequestIdOnce() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      metering.config(model("gpt-4o", deployment("d1", price(null, "2.50", "10.00", null, null))));
      UsageEvent event = event("r1", "acme", "k1", "gpt-4o", "d1", T0, new TokenCounts(100, 10, 0, 0));

      metering.usage(event);
      metering.usage(event("r2", "acme", "k1", "gpt-4o", "d1", T0.plusSeconds(3600), TokenCounts.ZERO));
      metering.usage(event); // a spool replay an hour of stream time later
      metering.usage(event);

      List<PricedUsage> ledger = metering.ledger();
      assertEquals(List.of("r1", "r2"), ledger.stream().map(line -> line.usage().requestId()).toList());
      assertEquals(2.0, metering.metric(RequestDeduplicator.DUPLICATES));
    }
  }

  @Test
  void shouldRememberARequestIdForTheDedupWindowOnly() {
    MeteringSettings settings = MeteringSettings.defaults().withDedupWindow(Duration.ofHours(1));
    try (Metering metering = new Metering(stateDir, settings)) {
      metering.config(model("gpt-4o", deployment("d1", price(null, "2.50", "10.00", null, null))));
      UsageEvent event = event("r1", "acme", "k1", "gpt-4o", "d1", T0, new TokenCounts(100, 10, 0, 0));

      metering.usage(event);
      metering.usage(event("r2", "acme", "k1", "gpt-4o", "d1", T0.plus(Duration.ofMinutes(59)), TokenCounts.ZERO));
      metering.usage(event); // within the hour: dropped
      metering.usage(event("r3", "acme", "k1", "gpt-4o", "d1", T0.plus(Duration.ofHours(3)), TokenCounts.ZERO));
      metering.usage(event); // beyond the window: no longer known, counted again (documented limit)

      assertEquals(
          List.of("r1", "r2", "r3", "r1"), metering.ledger().stream().map(l -> l.usage().requestId()).toList());
      assertEquals(1.0, metering.metric(RequestDeduplicator.DUPLICATES));
    }
  }

  @Test
  void shouldFlagAZeroPriceEventAndStillWriteItToTheLedger() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      // d1's only price starts after the event
      metering.config(model("gpt-4o", deployment("d1", price(PRICE_CHANGE, "2.50", "10.00", null, null))));
      TokenCounts tokens = new TokenCounts(100, 10, 0, 0);

      metering.usage(event("no-price", "acme", "k1", "gpt-4o", "d1", T0, tokens));
      metering.usage(event("unknown-model", "acme", "k1", "mystery", "d9", T0, tokens));
      metering.usage(event("unknown-deployment", "acme", "k1", "gpt-4o", "d9", T0, tokens));
      metering.usage(event("rejected", "acme", "k1", "gpt-4o", null, T0, TokenCounts.ZERO));

      List<PricedUsage> ledger = metering.ledger();
      assertEquals(4, ledger.size());
      for (PricedUsage line : ledger) {
        assertTrue(line.unpriced(), line.usage().requestId());
        assertNull(line.price());
        assertEquals(Cost.ZERO, line.cost());
      }
      assertEquals(tokens, ledger.get(0).usage().tokens());
      assertEquals(1.0, metering.metric(UsagePricer.unpricedOperation(PriceLookup.Unpriced.NO_PRICE)));
      assertEquals(2.0, metering.metric(UsagePricer.unpricedOperation(PriceLookup.Unpriced.UNKNOWN_DEPLOYMENT)));
      assertEquals(1.0, metering.metric(UsagePricer.unpricedOperation(PriceLookup.Unpriced.NO_DEPLOYMENT)));
      assertEquals(0.0, metering.metric(UsagePricer.PRICED));
    }
  }

  @Test
  void shouldRollUpHoursAndDaysToTheLedgersTotals() {
    try (Metering metering = new Metering(stateDir, MeteringSettings.defaults())) {
      metering.config(model("gpt-4o", deployment("d1", price(null, "2.50", "10.00", "1.25", null))));
      metering.config(model("tier/maker/m", deployment("d2", price(null, "0.0025", "0.0035", null, null))));
      String[] keys = {"k1", "k2"};
      String[] models = {"gpt-4o", "tier/maker/m"};
      String[] deployments = {"d1", "d2"};
      for (int i = 0; i < 40; i++) {
        int m = i % 2;
        Instant at = T0.plus(Duration.ofMinutes(37L * i)); // about a day, out of hour boundaries
        metering.usage(
            event("r" + i, i % 3 == 0 ? "acme" : "globex", keys[(i / 2) % 2], models[m], deployments[m], at,
                new TokenCounts(1000 + i, 17 * i, i, i / 2)));
      }
      metering.usage(event("r5", "globex", "k2", "gpt-4o", "d1", T0, new TokenCounts(999, 999, 0, 0))); // duplicate

      List<PricedUsage> ledger = metering.ledger();
      Map<String, UsageRollup> rollups = metering.rollups();
      assertEquals(40, ledger.size());
      for (Granularity granularity : Granularity.values()) {
        List<UsageRollup> windows =
            rollups.values().stream().filter(r -> r.granularity() == granularity).toList();
        assertEquals(40, windows.stream().mapToLong(UsageRollup::requests).sum(), granularity.name());
        assertEquals(
            ledger.stream().map(PricedUsage::cost).reduce(Cost.ZERO, Cost::plus),
            windows.stream().map(UsageRollup::cost).reduce(Cost.ZERO, Cost::plus),
            granularity.name());
        assertEquals(
            ledger.stream().map(line -> line.usage().tokens()).reduce(TokenCounts.ZERO, TokenCounts::plus),
            windows.stream().map(UsageRollup::tokens).reduce(TokenCounts.ZERO, TokenCounts::plus),
            granularity.name());
        for (UsageRollup window : windows) {
          assertEquals(
              window.cost(),
              ledger.stream()
                  .filter(line -> inWindow(line, window))
                  .map(PricedUsage::cost)
                  .reduce(Cost.ZERO, Cost::plus),
              window.topicKey());
        }
      }
    }
  }

  @Test
  void shouldKeepAnEventLaterThanTheGraceOnTheLedgerButOutOfTheRollups() {
    MeteringSettings settings = MeteringSettings.defaults().withRollupGrace(Duration.ofMinutes(10));
    try (Metering metering = new Metering(stateDir, settings)) {
      metering.config(model("gpt-4o", deployment("d1", price(null, "1", "1", null, null))));
      TokenCounts tokens = new TokenCounts(1000, 0, 0, 0);

      metering.usage(event("on-time", "acme", "k1", "gpt-4o", "d1", T0.plusSeconds(60), tokens));
      // stream time 13:05: the first hour is still open, until 13:10
      metering.usage(event("next-hour", "acme", "k1", "gpt-4o", "d1", T0.plus(Duration.ofMinutes(65)), tokens));
      metering.usage(event("within-grace", "acme", "k1", "gpt-4o", "d1", T0.plusSeconds(120), tokens));
      // stream time 13:30: the first hour is closed
      metering.usage(event("now", "acme", "k1", "gpt-4o", "d1", T0.plus(Duration.ofMinutes(90)), tokens));
      metering.usage(event("too-late", "acme", "k1", "gpt-4o", "d1", T0.plusSeconds(180), tokens));

      assertEquals(5, metering.ledger().size());
      UsageRollup firstHour = metering.rollups().get("acme/k1/gpt-4o/hour/2026-03-01T12:00:00Z");
      assertEquals(2, firstHour.requests());
      assertEquals(2_000_000, firstHour.cost().totalNanoUsd());
      assertEquals(1.0, metering.droppedLateRecords());
    }
  }

  @Test
  void shouldDescribeTheStoresItUses() {
    Set<String> stores =
        MeteringTopology.build(MeteringSettings.defaults()).describe().subtopologies().stream()
            .flatMap(s -> s.nodes().stream())
            .flatMap(
                n ->
                    n instanceof TopologyDescription.Processor p ? p.stores().stream() : Stream.<String>empty())
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(RequestDeduplicator.STORE, MeteringTopology.HOURLY_STORE, MeteringTopology.DAILY_STORE), stores);
  }

  private static boolean inWindow(PricedUsage line, UsageRollup window) {
    Instant at = line.usage().startedAt();
    return line.usage().tenant().equals(window.tenant())
        && line.usage().keyId().equals(window.keyId())
        && line.usage().modelAlias().equals(window.modelAlias())
        && !at.isBefore(window.windowStart())
        && at.isBefore(window.windowEnd());
  }

  private static Price price(Instant from, String input, String output, String cached, String reasoning) {
    return new Price(
        from,
        new BigDecimal(input),
        new BigDecimal(output),
        cached == null ? null : new BigDecimal(cached),
        reasoning == null ? null : new BigDecimal(reasoning));
  }

  private static Deployment deployment(String id, Price... prices) {
    return new Deployment(id, "openai", "upstream-" + id, 1, 0, List.of(prices), Set.of(), null, null);
  }

  private static ModelConfig model(String alias, Deployment deployment) {
    return new ModelConfig(
        ModelConfig.CURRENT_SCHEMA_VERSION, alias, RouteStrategy.WEIGHTED, List.of(deployment), List.of());
  }

  private static UsageEvent event(
      String requestId,
      String tenant,
      String keyId,
      String alias,
      String deployment,
      Instant startedAt,
      TokenCounts tokens) {
    boolean served = deployment != null;
    return new UsageEvent(
        UsageEvent.CURRENT_SCHEMA_VERSION,
        requestId,
        tenant,
        keyId,
        Endpoint.CHAT_COMPLETIONS,
        alias,
        served ? "openai" : null,
        deployment,
        served ? "upstream-" + deployment : null,
        served ? 1 : 0,
        tokens,
        UsageSource.PROVIDER,
        served ? Outcome.OK : Outcome.REJECTED,
        served ? 200 : 429,
        false,
        startedAt,
        startedAt.plusMillis(500),
        500,
        null,
        "edge-1");
  }

  /** The topology under a test driver, with typed topics; wall-clock time is fixed. */
  private static final class Metering implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ConfigEntity> config;
    private final TestInputTopic<String, UsageEvent> usage;
    private final TestOutputTopic<String, PricedUsage> ledger;
    private final TestOutputTopic<String, UsageRollup> rollups;

    Metering(Path stateDir, MeteringSettings settings) {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
      driver = new TopologyTestDriver(MeteringTopology.build(settings), props, T0);
      config =
          driver.createInputTopic(
              Topics.CONFIG.name(), Topics.CONFIG.keySerde().serializer(), Topics.CONFIG.valueSerde().serializer());
      usage =
          driver.createInputTopic(
              Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer());
      ledger =
          driver.createOutputTopic(
              Topics.USAGE_PRICED.name(),
              Topics.USAGE_PRICED.keySerde().deserializer(),
              Topics.USAGE_PRICED.valueSerde().deserializer());
      rollups =
          driver.createOutputTopic(
              Topics.USAGE_ROLLUPS.name(),
              Topics.USAGE_ROLLUPS.keySerde().deserializer(),
              Topics.USAGE_ROLLUPS.valueSerde().deserializer());
    }

    void config(ConfigEntity entity) {
      config.pipeInput(entity.topicKey(), entity, T0);
    }

    void deleteConfig(String topicKey) {
      config.pipeInput(topicKey, null, T0);
    }

    void usage(UsageEvent event) {
      usage.pipeInput(event.topicKey(), event, event.finishedAt());
    }

    /** Every ledger line written so far, checked to be keyed by tenant. */
    List<PricedUsage> ledger() {
      return ledger.readKeyValuesToList().stream()
          .peek(kv -> assertEquals(kv.value.usage().tenant(), kv.key))
          .map(kv -> kv.value)
          .toList();
    }

    /** The latest rollup per key, as compaction would keep it. */
    Map<String, UsageRollup> rollups() {
      Map<String, UsageRollup> latest = rollups.readKeyValuesToMap();
      latest.forEach((key, rollup) -> assertEquals(rollup.topicKey(), key));
      return latest;
    }

    /** Kafka Streams' own count of records dropped by the windows as later than the grace (hour window only). */
    double droppedLateRecords() {
      return driver.metrics().entrySet().stream()
          .filter(e -> e.getKey().name().equals("dropped-records-total"))
          .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
          .sum();
    }

    /** A counter summed over tasks. */
    double metric(String operation) {
      return driver.metrics().entrySet().stream()
          .filter(e -> e.getKey().group().equals("stream-metering-metrics"))
          .filter(e -> e.getKey().name().equals(operation + "-total"))
          .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
          .sum();
    }

    @Override
    public void close() {
      driver.close();
    }
  }
}
