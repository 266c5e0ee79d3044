package dev.tollgate.budget.spend;

import dev.tollgate.budget.window.Period;
import dev.tollgate.schemas.budget.BudgetDecision;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one budget has spent in its current window: the immutable aggregate kept per budget id in the state store.
 * Spend is kept per day of the budget's zone, so a rolling window drops its oldest day at each midnight, and a
 * calendar window drops everything when it rolls over (none of its days is in the next one).
 *
 * @param period the current window
 * @param days nano-USD per day of the window
 * @param crossed the thresholds already alerted in this window, so each alerts once per window
 * @param last the last decision published, to publish only changes; null before the first
 */
public record Spend(Period period, SortedMap<LocalDate, Long> days, SortedSet<Integer> crossed, BudgetDecision last) {

  public Spend {
    Objects.requireNonNull(period, "period");
    days = days == null ? new TreeMap<>() : new TreeMap<>(days);
    crossed = crossed == null ? new TreeSet<>() : new TreeSet<>(crossed);
  }

  /**
   * @param period a window
   * @return nothing spent in it yet
   */
  public static Spend open(Period period) {
    return new Spend(period, null, null, null);
  }

  /**
   * @return the spend in the window, nano-USD
   * @throws ArithmeticException beyond {@code Long.MAX_VALUE}
   */
  public long spent() {
    long sum = 0;
    for (Map.Entry<LocalDate, Long> day : days.entrySet()) {
      if (period.contains(day.getKey())) {
        sum = Math.addExact(sum, day.getValue());
      }
    }
    return sum;
  }

  /**
   * @param day a day of the window
   * @param nanoUsd a cost
   * @return this spend with the cost added to the day
   */
  public Spend plus(LocalDate day, long nanoUsd) {
    TreeMap<LocalDate, Long> next = new TreeMap<>(days);
    next.merge(day, nanoUsd, Math::addExact);
    return new Spend(period, next, crossed, last);
  }

  /**
   * The same budget in a later window: the days before it are dropped, and the thresholds the remaining spend is
   * below are re-armed (all of them for a calendar window, whose spend starts again from zero).
   *
   * @param next the later window
   * @param limit the budget's rule
   * @return the spend in {@code next}
   */
  public Spend rollTo(Period next, Limit limit) {
    TreeMap<LocalDate, Long> kept = new TreeMap<>(days.tailMap(next.firstDay()));
    Spend rolled = new Spend(next, kept, null, last);
    SortedSet<Integer> stillReached = new TreeSet<>(crossed);
    stillReached.retainAll(limit.reachedBy(rolled.spent()));
    return rolled.withCrossed(stillReached);
  }

  /**
   * @param thresholds the thresholds alerted in this window
   * @return this spend with them
   */
  public Spend withCrossed(SortedSet<Integer> thresholds) {
    return new Spend(period, days, thresholds, last);
  }

  /**
   * @param decision the decision just published
   * @return this spend remembering it
   */
  public Spend withLast(BudgetDecision decision) {
    return new Spend(period, days, crossed, decision);
  }
}
