package dev.tollgate.budget;

import dev.tollgate.budget.config.BudgetChange;
import dev.tollgate.budget.config.RevisionGate;
import dev.tollgate.budget.decision.BudgetKeeper;
import dev.tollgate.budget.decision.Emission;
import dev.tollgate.budget.decision.Input;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The budget topology, a pure function of its settings (no I/O besides Kafka):
 *
 * <pre>
 * tollgate.config ──► budget-revision-gate (budgets applied at each revision marker)
 *   ──► repartition by tenant ("budget-changes", as many partitions as tollgate.usage.priced)  ─┐
 * tollgate.usage.priced (keyed by tenant) ─────────────────────────────────────────────────────┴─► budget-keeper
 *   (spend per budget and window, thresholds, wall-clock rollover)
 *   ──► tollgate.budget.decisions (keyed by budget id; a tombstone for a deleted budget)
 *   ──► tollgate.budget.alerts    (keyed by scope)
 * </pre>
 */
public final class BudgetTopology {

  /** The name of the repartition topic of budget changes (prefixed by the application id). */
  public static final String CHANGES = "budget-changes";

  private BudgetTopology() {}

  /**
   * Builds the topology.
   *
   * @param settings the partitions of the ledger and the rollover interval
   * @return a topology to run with {@code processing.guarantee=exactly_once_v2}
   */
  public static Topology build(BudgetSettings settings) {
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, Input> changes =
        builder
            .stream(
                Topics.CONFIG.name(),
                Consumed.with(Topics.CONFIG.keySerde(), Topics.CONFIG.valueSerde()).withName("budget-config-source"))
            .process(new RevisionGate(), Named.as("budget-revision-gate"))
            .repartition(
                Repartitioned.<String, BudgetChange>as(CHANGES)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(JsonSerde.of(BudgetChange.class))
                    .withNumberOfPartitions(settings.usagePartitions()))
            .mapValues(Input.Change::new, Named.as("budget-change-input"));

    KStream<String, Input> usage =
        builder
            .stream(
                Topics.USAGE_PRICED.name(),
                Consumed.with(Topics.USAGE_PRICED.keySerde(), Topics.USAGE_PRICED.valueSerde())
                    .withName("budget-ledger-source"))
            .mapValues(Input.Usage::new, Named.as("budget-usage-input"));

    KStream<String, Emission> emissions =
        usage
            .merge(changes, Named.as("budget-inputs"))
            .process(new BudgetKeeper(settings.rolloverInterval()), Named.as("budget-keeper"));

    emissions
        .filter((key, emission) -> emission instanceof Emission.Alert, Named.as("budget-alerts"))
        .mapValues(emission -> ((Emission.Alert) emission).alert(), Named.as("budget-alert-values"))
        .to(
            Topics.BUDGET_ALERTS.name(),
            Produced.with(Topics.BUDGET_ALERTS.keySerde(), Topics.BUDGET_ALERTS.valueSerde())
                .withName("budget-alerts-sink"));
    emissions
        .filterNot((key, emission) -> emission instanceof Emission.Alert, Named.as("budget-decisions"))
        .mapValues(Emission::decisionOrTombstone, Named.as("budget-decision-values"))
        .to(
            Topics.BUDGET_DECISIONS.name(),
            Produced.with(Topics.BUDGET_DECISIONS.keySerde(), Topics.BUDGET_DECISIONS.valueSerde())
                .withName("budget-decisions-sink"));

    return builder.build();
  }
}
