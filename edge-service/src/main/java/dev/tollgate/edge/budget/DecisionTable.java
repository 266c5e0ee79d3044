package dev.tollgate.edge.budget;

import dev.tollgate.schemas.budget.BudgetDecision;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest budget decision per budget id, as the {@link DecisionBoard} last read it, and when the board last
 * heard from the broker. Written by the board's thread, read by every event loop without a lock.
 */
public final class DecisionTable {
  private static final long NEVER = Long.MIN_VALUE;

  private final Map<String, BudgetDecision> decisions = new ConcurrentHashMap<>();
  private volatile long heardAtMillis = NEVER;

  /**
   * Keeps {@code decision} as its budget's latest, unless the one held was decided later in the same window: the
   * gate forgets this edge's spend by {@code decided_at}, so going back to an older decision would forget spend
   * that the older decision does not count.
   *
   * @return whether it was kept
   */
  public boolean put(BudgetDecision decision) {
    BudgetDecision kept = decisions.merge(decision.budgetId(), decision, (held, next) ->
        next.windowStart().equals(held.windowStart()) && next.decidedAt().isBefore(held.decidedAt()) ? held : next);
    return kept == decision;
  }

  /** Forgets a budget's decision (a tombstone on the topic). */
  public void remove(String budgetId) {
    decisions.remove(budgetId);
  }

  /** Notes that the board was caught up with the broker at {@code at}. */
  public void heard(Instant at) {
    heardAtMillis = at.toEpochMilli();
  }

  /** The latest decision for {@code budgetId}, if the budget service has taken one. */
  public Optional<BudgetDecision> decision(String budgetId) {
    return Optional.ofNullable(decisions.get(budgetId));
  }

  /** How many budgets have a decision. */
  public int size() {
    return decisions.size();
  }

  /** When the board last heard from the broker; empty until it has read the topic to its end once. */
  public Optional<Instant> heardAt() {
    long heard = heardAtMillis;
    return heard == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochMilli(heard));
  }

  /** Seconds since each budget's decision was taken ({@code decided_at}), by budget id, as of {@code now}. */
  public Map<String, Double> decisionAgesSeconds(Instant now) {
    Map<String, Double> ages = new TreeMap<>();
    decisions.forEach((id, d) -> ages.put(id, Math.max(0, now.toEpochMilli() - d.decidedAt().toEpochMilli())
        / 1_000.0));
    return ages;
  }

  /** Seconds since the board last heard from the broker as of {@code now}; NaN before it ever has. */
  public double silenceSeconds(Instant now) {
    long heard = heardAtMillis;
    return heard == NEVER ? Double.NaN : Math.max(0, now.toEpochMilli() - heard) / 1_000.0;
  }
}
