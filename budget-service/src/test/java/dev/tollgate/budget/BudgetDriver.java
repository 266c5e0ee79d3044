package dev.tollgate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The budget topology in a TopologyTestDriver, with the wall clock under the test's control. */
final class BudgetDriver implements AutoCloseable {

  private static final Price PRICE = new Price(null, BigDecimal.ONE, BigDecimal.ONE, null, null);

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, ConfigEntity> config;
  private final TestInputTopic<String, PricedUsage> ledger;
  private final TestOutputTopic<String, BudgetDecision> decisions;
  private final TestOutputTopic<String, BudgetAlert> alerts;
  private final Map<String, BudgetDecision> latest = new HashMap<>();
  private final List<String> tombstoned = new ArrayList<>();
  private Instant now;
  private long revision;
  private int requests;

  BudgetDriver(Path stateDir, Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "budget-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    now = wallClock;
    driver = new TopologyTestDriver(BudgetTopology.build(BudgetSettings.defaults()), props, wallClock);
    config = driver.createInputTopic(
        Topics.CONFIG.name(), Topics.CONFIG.keySerde().serializer(), Topics.CONFIG.valueSerde().serializer());
    ledger = driver.createInputTopic(Topics.USAGE_PRICED.name(), Topics.USAGE_PRICED.keySerde().serializer(),
        Topics.USAGE_PRICED.valueSerde().serializer());
    decisions = driver.createOutputTopic(Topics.BUDGET_DECISIONS.name(),
        Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer());
    alerts = driver.createOutputTopic(Topics.BUDGET_ALERTS.name(),
        Topics.BUDGET_ALERTS.keySerde().deserializer(), Topics.BUDGET_ALERTS.valueSerde().deserializer());
  }

  /** Publishes the entities as one apply: the records, then the revision marker. */
  void apply(ConfigEntity... entities) {
    for (ConfigEntity entity : entities) {
      config.pipeInput(entity.topicKey(), entity, now);
    }
    mark();
  }

  /** Publishes a record without its marker, as an apply still in progress. */
  void write(ConfigEntity entity) {
    config.pipeInput(entity.topicKey(), entity, now);
  }

  /** Publishes the revision marker that ends an apply. */
  void mark() {
    revision++;
    ConfigRevision marker = new ConfigRevision(
        ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, revision, now, "sha256:test", 0);
    config.pipeInput(marker.topicKey(), marker, now);
  }

  /** Deletes a budget, in its own apply. */
  void delete(String budgetId) {
    config.pipeInput(ConfigEntity.topicKey(ConfigKind.BUDGET, budgetId), null, now);
    mark();
  }

  /** One ledger line of {@code nanoUsd} for a request of {@code tenant/key} on {@code model} started at {@code at}. */
  void spend(String tenant, String key, String model, Instant at, long nanoUsd) {
    requests++;
    UsageEvent usage = new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, "r" + requests, tenant, key,
        Endpoint.CHAT_COMPLETIONS, model, "openai", "d1", "upstream", 1, new TokenCounts(10, 10, 0, 0),
        UsageSource.PROVIDER, Outcome.OK, 200, false, at, at.plusMillis(100), 100, null, "edge-1");
    PricedUsage line = new PricedUsage(
        PricedUsage.CURRENT_SCHEMA_VERSION, usage, PRICE, new Cost(nanoUsd, 0, 0, 0), false, now);
    ledger.pipeInput(line.topicKey(), line, at);
  }

  /** Moves the wall clock to {@code instant}, running the rollover punctuation on the way. */
  void advanceTo(Instant instant) {
    driver.advanceWallClockTime(Duration.between(now, instant));
    now = instant;
  }

  /** The decisions published since the last call, each checked to be keyed by its budget id. */
  List<BudgetDecision> newDecisions() {
    List<BudgetDecision> out = new ArrayList<>();
    for (KeyValue<String, BudgetDecision> kv : decisions.readKeyValuesToList()) {
      if (kv.value != null) {
        assertEquals(kv.value.budgetId(), kv.key);
        out.add(kv.value);
      } else {
        tombstoned.add(kv.key);
      }
      latest.put(kv.key, kv.value);
    }
    return out;
  }

  /** The latest decision of a budget, as compaction keeps it: null once tombstoned. */
  BudgetDecision latest(String budgetId) {
    newDecisions();
    return latest.get(budgetId);
  }

  /** Whether the decisions topic has a record under {@code budgetId} at all (a tombstone counts). */
  boolean hasKey(String budgetId) {
    newDecisions();
    return latest.containsKey(budgetId);
  }

  /** The budget ids whose decision was tombstoned so far, in order. */
  List<String> tombstoned() {
    newDecisions();
    return List.copyOf(tombstoned);
  }

  /** The alerts published since the last call, each checked to be keyed by its scope. */
  List<BudgetAlert> newAlerts() {
    List<BudgetAlert> out = new ArrayList<>();
    for (KeyValue<String, BudgetAlert> kv : alerts.readKeyValuesToList()) {
      assertEquals(kv.value.scope().topicKey(), kv.key);
      out.add(kv.value);
    }
    return out;
  }

  @Override
  public void close() {
    driver.close();
  }

  static BudgetConfig budget(String id, BudgetScope scope, String amountUsd, BudgetWindow window,
      List<Integer> thresholds, BudgetMode mode, String zone) {
    return new BudgetConfig(BudgetConfig.CURRENT_SCHEMA_VERSION, id, scope, new BigDecimal(amountUsd), window,
        thresholds, mode, zone, null);
  }

  static BudgetConfig daily(String id, String tenant, String amountUsd) {
    return budget(id, new BudgetScope(tenant, null, null), amountUsd,
        new BudgetWindow(BudgetWindow.WindowKind.DAILY, null), List.of(), BudgetMode.HARD, null);
  }

  /** {@code usd} in nano-USD. */
  static long usd(String usd) {
    return new BigDecimal(usd).movePointRight(9).longValueExact();
  }
}
