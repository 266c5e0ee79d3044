package dev.tollgate.schemas.topic;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageEventSerde;
import dev.tollgate.schemas.usage.UsageRollup;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog: every topic Tollgate's services exchange records on. Keys are strings; values are JSON
 * written by {@link JsonSerde}. The README of this module lists producers and consumers per topic.
 *
 * <p>Usage topics have the most partitions because they carry one record per request; the config topic has one,
 * so every reader sees an apply in the order it was written.
 *
 * <p>Each Streams job has a dead-letter topic: the records it could not read, key and value as raw bytes exactly as
 * they were on the source topic, with headers naming the source and the error. They are the only topics whose keys
 * and values are not strings and JSON.
 */
public final class Topics {

  private static final Serde<String> STRING_KEYS = Serdes.String();
  private static final int USAGE_PARTITIONS = 6;
  private static final int TABLE_PARTITIONS = 3;
  // few records in normal times; enough for a producer that writes a wrong format at full rate
  private static final int DEAD_LETTER_PARTITIONS = 3;

  /** Providers, models, tenants, keys (hashes only) and budgets, keyed {@code kind/id}; compacted. */
  public static final Topic<String, ConfigEntity> CONFIG =
      compacted("tollgate.config", 1, ConfigEntity.class);

  /** One {@link UsageEvent} per finished request, keyed by tenant; kept 7 days. */
  public static final Topic<String, UsageEvent> USAGE =
      deleted("tollgate.usage", USAGE_PARTITIONS, Duration.ofDays(7), UsageEvent.class, new UsageEventSerde());

  /** The priced ledger, one {@link PricedUsage} per distinct request, keyed by tenant; kept 30 days. */
  public static final Topic<String, PricedUsage> USAGE_PRICED =
      deleted("tollgate.usage.priced", USAGE_PARTITIONS, Duration.ofDays(30), PricedUsage.class);

  /** Hourly and daily {@link UsageRollup}s, keyed {@code tenant/key/model/granularity/window}; compacted. */
  public static final Topic<String, UsageRollup> USAGE_ROLLUPS =
      compacted("tollgate.usage.rollups", USAGE_PARTITIONS, UsageRollup.class);

  /** The latest {@link BudgetDecision} per budget, keyed by the budget id; compacted. */
  public static final Topic<String, BudgetDecision> BUDGET_DECISIONS =
      compacted("tollgate.budget.decisions", TABLE_PARTITIONS, BudgetDecision.class);

  /** {@link BudgetAlert}s, keyed by the scope's key; kept 30 days. */
  public static final Topic<String, BudgetAlert> BUDGET_ALERTS =
      deleted("tollgate.budget.alerts", TABLE_PARTITIONS, Duration.ofDays(30), BudgetAlert.class);

  /** The latest {@link RouteTable} per model alias, keyed by the alias; compacted. */
  public static final Topic<String, RouteTable> ROUTES =
      compacted("tollgate.routes", TABLE_PARTITIONS, RouteTable.class);

  /**
   * Self-hosted providers' {@link ProviderRegistration}s, keyed by provider id; compacted. One partition, so the
   * routing service reads every registration in the order it was written.
   */
  public static final Topic<String, ProviderRegistration> PROVIDER_REGISTRATIONS =
      compacted("tollgate.provider.registrations", 1, ProviderRegistration.class);

  /** The records the metering job could not read, from {@code tollgate.usage}; raw bytes; kept 30 days. */
  public static final Topic<byte[], byte[]> METERING_DEAD_LETTERS = deadLetters("tollgate.metering.dead-letters");

  /** The records the budget job could not read, from its source topics; raw bytes; kept 30 days. */
  public static final Topic<byte[], byte[]> BUDGET_DEAD_LETTERS = deadLetters("tollgate.budget.dead-letters");

  /** The records the routing job could not read, from its source topics; raw bytes; kept 30 days. */
  public static final Topic<byte[], byte[]> ROUTING_DEAD_LETTERS = deadLetters("tollgate.routing.dead-letters");

  private static final List<Topic<?, ?>> ALL =
      List.of(CONFIG, USAGE, USAGE_PRICED, USAGE_ROLLUPS, BUDGET_DECISIONS, BUDGET_ALERTS, PROVIDER_REGISTRATIONS,
          ROUTES, METERING_DEAD_LETTERS, BUDGET_DEAD_LETTERS, ROUTING_DEAD_LETTERS);

  private Topics() {}

  /**
   * Every topic of the catalog, in the order of the data flow, for creating them all at start-up.
   *
   * @return an immutable list
   */
  public static List<Topic<?, ?>> all() {
    return ALL;
  }

  private static <V> Topic<String, V> compacted(String name, int partitions, Class<V> valueType) {
    return new Topic<>(
        name, partitions, CleanupPolicy.COMPACT, null, STRING_KEYS, JsonSerde.of(valueType), String.class, valueType);
  }

  private static <V> Topic<String, V> deleted(
      String name, int partitions, Duration retention, Class<V> valueType) {
    return deleted(name, partitions, retention, valueType, JsonSerde.of(valueType));
  }

  private static <V> Topic<String, V> deleted(
      String name, int partitions, Duration retention, Class<V> valueType, Serde<V> valueSerde) {
    return new Topic<>(
        name, partitions, CleanupPolicy.DELETE, retention, STRING_KEYS, valueSerde, String.class, valueType);
  }

  // a dead letter is kept as read, so nothing is lost when its bytes are not JSON or not of the expected shape
  private static Topic<byte[], byte[]> deadLetters(String name) {
    return new Topic<>(
        name,
        DEAD_LETTER_PARTITIONS,
        CleanupPolicy.DELETE,
        Duration.ofDays(30),
        Serdes.ByteArray(),
        Serdes.ByteArray(),
        byte[].class,
        byte[].class);
  }
}
