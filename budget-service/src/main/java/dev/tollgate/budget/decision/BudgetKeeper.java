package dev.tollgate.budget.decision;

import dev.tollgate.budget.config.BudgetChange;
import dev.tollgate.budget.spend.Limit;
import dev.tollgate.budget.spend.Spend;
import dev.tollgate.budget.window.Period;
import dev.tollgate.budget.window.Windows;
import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Holds the spend of the budgets of the tenants of one task against their limits, and publishes their decisions
 * and alerts. Usage and budget changes are both keyed by tenant and co-partitioned, so one task owns a tenant's
 * budgets, their spend and their order of events.
 *
 * <ul>
 *   <li>A ledger line adds its cost to every budget of its tenant whose scope covers it, in the window that contains
 *       its {@code started_at}. The current window is the one that contains the later of the wall clock and that
 *       time; a line of an earlier window (late, its window already over) changes nothing.
 *   <li>A budget change (an applied revision) publishes a decision at once: a raised amount unblocks now. A new
 *       budget gets its first decision (spent 0) before any usage; a deleted one has its decision tombstoned.
 *   <li>A wall-clock punctuation every {@code interval} rolls the budgets whose window has ended into the next one
 *       and publishes their new decision, so a blocked budget unblocks by itself at most {@code interval} (plus
 *       the commit interval) after its reset.
 * </ul>
 *
 * <p>A decision is published only when it differs from the last one (apart from {@code decided_at}); each threshold
 * alerts once per window, remembered in the spend. No {@code request_id} is de-duplicated here: metering writes one
 * ledger line per request id, and this job reads it exactly once ({@code exactly_once_v2}).
 */
public final class BudgetKeeper implements ProcessorSupplier<String, Input, String, Emission> {

  /** The budgets of this task's tenants, by budget id. */
  public static final String BUDGETS_STORE = "budget-budgets";

  /** The {@link Spend} of each budget, by budget id. */
  public static final String SPEND_STORE = "budget-spend";

  private final Duration interval;

  /** @param interval how often, in wall-clock time, ended windows are rolled over */
  public BudgetKeeper(Duration interval) {
    this.interval = interval;
  }

  @Override
  public Processor<String, Input, String, Emission> get() {
    return new Keeper(interval);
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return Set.of(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BUDGETS_STORE), Serdes.String(), JsonSerde.of(BudgetConfig.class)),
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SPEND_STORE), Serdes.String(), JsonSerde.of(Spend.class)));
  }

  private static final class Keeper implements Processor<String, Input, String, Emission> {
    private final Duration interval;
    private ProcessorContext<String, Emission> context;
    private KeyValueStore<String, BudgetConfig> budgets;
    private KeyValueStore<String, Spend> spends;
    // Views of the stores, rebuilt at init: budgets per tenant for each ledger line, resets for the punctuation.
    private final Map<String, Map<String, BudgetConfig>> byTenant = new HashMap<>();
    private final Map<String, Instant> resets = new HashMap<>();

    Keeper(Duration interval) {
      this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
      this.context = context;
      this.budgets = context.getStateStore(BUDGETS_STORE);
      this.spends = context.getStateStore(SPEND_STORE);
      try (KeyValueIterator<String, BudgetConfig> all = budgets.all()) {
        all.forEachRemaining(entry -> index(entry.value));
      }
      try (KeyValueIterator<String, Spend> all = spends.all()) {
        all.forEachRemaining(entry -> resets.put(entry.key, entry.value.period().end()));
      }
      context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::rollOver);
    }

    @Override
    public void process(Record<String, Input> record) {
      if (record.value() instanceof Input.Usage usage) {
        count(usage.line());
      } else if (record.value() instanceof Input.Change change) {
        apply(change.change());
      }
    }

    private void count(PricedUsage line) {
      long cost = line.cost().totalNanoUsd();
      UsageEvent usage = line.usage();
      Map<String, BudgetConfig> ofTenant = byTenant.get(usage.tenant());
      if (cost == 0 || ofTenant == null) {
        return;
      }
      Instant now = now();
      Instant at = usage.startedAt();
      for (BudgetConfig budget : List.copyOf(ofTenant.values())) {
        if (Scopes.covers(budget.scope(), usage)) {
          Windows windows = Windows.of(budget);
          Limit limit = Limit.of(budget);
          Spend spend = current(budget, spends.get(budget.id()), limit, at.isAfter(now) ? at : now);
          LocalDate day = windows.dayOf(at);
          if (spend.period().contains(day)) {
            spend = spend.plus(day, cost);
          }
          settle(budget, limit, spend, now);
        }
      }
    }

    private void apply(BudgetChange change) {
      String id = change.budgetId();
      BudgetConfig before = budgets.get(id);
      if (change.removed()) {
        budgets.delete(id);
        spends.delete(id);
        unindex(before);
        resets.remove(id);
        if (!change.moved()) {
          forward(id, new Emission.Retraction(id));
        }
        return;
      }
      BudgetConfig budget = change.budget();
      unindex(before);
      budgets.put(id, budget);
      index(budget);
      Spend spend = spends.get(id);
      if (spend != null && before != null && !countsTheSame(before, budget)) {
        // another scope or other windows: the spend counted so far is not this budget's; keep the last decision
        spend = Spend.open(Windows.of(budget).containing(now())).withLast(spend.last());
      }
      Limit limit = Limit.of(budget);
      settle(budget, limit, current(budget, spend, limit, now()), now());
    }

    private void rollOver(long wallClockMs) {
      Instant now = Instant.ofEpochMilli(wallClockMs);
      List<String> due = resets.entrySet().stream()
          .filter(reset -> !reset.getValue().isAfter(now))
          .map(Map.Entry::getKey)
          .toList();
      for (String id : due) {
        BudgetConfig budget = budgets.get(id);
        if (budget != null) {
          Limit limit = Limit.of(budget);
          settle(budget, limit, current(budget, spends.get(id), limit, now), now);
        }
      }
    }

    /** The spend in the window that contains {@code instant}, rolled forward from the stored one if needed. */
    private static Spend current(BudgetConfig budget, Spend stored, Limit limit, Instant instant) {
      Period period = Windows.of(budget).containing(instant);
      if (stored == null) {
        return Spend.open(period);
      }
      return period.start().isAfter(stored.period().start()) ? stored.rollTo(period, limit) : stored;
    }

    /** Alerts the thresholds newly reached, publishes the decision if it changed, and stores the spend. */
    private void settle(BudgetConfig budget, Limit limit, Spend spend, Instant now) {
      long spent = spend.spent();
      SortedSet<Integer> crossed = new TreeSet<>(spend.crossed());
      for (int threshold : limit.reachedBy(spent)) {
        if (crossed.add(threshold)) {
          BudgetAlert alert = alert(budget, limit, spend.period(), threshold, spent, now);
          forward(alert.topicKey(), new Emission.Alert(alert));
        }
      }
      spend = spend.withCrossed(crossed);
      BudgetDecision decision = decision(budget, limit, spend.period(), spent, now);
      if (!sameApartFromTime(spend.last(), decision)) {
        forward(budget.id(), new Emission.Decision(decision));
        spend = spend.withLast(decision);
      }
      spends.put(budget.id(), spend);
      resets.put(budget.id(), spend.period().end());
    }

    private static BudgetDecision decision(
        BudgetConfig budget, Limit limit, Period period, long spent, Instant now) {
      return new BudgetDecision(
          BudgetDecision.CURRENT_SCHEMA_VERSION,
          budget.id(),
          budget.scope(),
          limit.verdict(spent),
          budget.mode(),
          spent,
          limit.nanoUsd(),
          BudgetDecision.remaining(spent, limit.nanoUsd()),
          period.start(),
          period.end(),
          now);
    }

    private static BudgetAlert alert(
        BudgetConfig budget, Limit limit, Period period, int threshold, long spent, Instant now) {
      return new BudgetAlert(
          BudgetAlert.CURRENT_SCHEMA_VERSION,
          BudgetAlert.alertId(budget.id(), period.start(), threshold),
          budget.id(),
          budget.scope(),
          threshold,
          spent,
          limit.nanoUsd(),
          period.start(),
          period.end(),
          now);
    }

    private static boolean sameApartFromTime(BudgetDecision last, BudgetDecision next) {
      return last != null
          && last.equals(new BudgetDecision(next.schemaVersion(), next.budgetId(), next.scope(), next.verdict(),
              next.mode(), next.spentNanoUsd(), next.limitNanoUsd(), next.remainingNanoUsd(), next.windowStart(),
              next.resetsAt(), last.decidedAt()));
    }

    private static boolean countsTheSame(BudgetConfig before, BudgetConfig after) {
      return before.scope().equals(after.scope())
          && before.window().equals(after.window())
          && before.timeZone().equals(after.timeZone());
    }

    private void index(BudgetConfig budget) {
      byTenant.computeIfAbsent(budget.scope().tenant(), t -> new HashMap<>()).put(budget.id(), budget);
    }

    private void unindex(BudgetConfig budget) {
      if (budget == null) {
        return;
      }
      Map<String, BudgetConfig> ofTenant = byTenant.get(budget.scope().tenant());
      if (ofTenant != null) {
        ofTenant.remove(budget.id());
        if (ofTenant.isEmpty()) {
          byTenant.remove(budget.scope().tenant());
        }
      }
    }

    private Instant now() {
      return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void forward(String key, Emission emission) {
      context.forward(new Record<>(key, emission, context.currentSystemTimeMs()));
    }
  }
}
