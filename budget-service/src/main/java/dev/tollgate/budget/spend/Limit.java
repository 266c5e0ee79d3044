package dev.tollgate.budget.spend;

import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.usage.Cost;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A budget's rule, in exact integers: its amount in nano-USD, its thresholds and its mode.
 *
 * <ul>
 *   <li>a threshold {@code t} is reached when {@code spent > 0} and {@code spent × 100 ≥ t × limit};
 *   <li>the verdict is {@code BLOCK} for a hard budget at or over its limit; {@code WARN} at or over any threshold,
 *       or a soft budget at or over its limit; {@code ALLOW} otherwise.
 * </ul>
 *
 * @param nanoUsd the amount, rounded down to the nano-USD (never more than configured), capped at {@code
 *     Long.MAX_VALUE}
 * @param thresholdsPercent the warning thresholds, in percent
 * @param mode hard (blocks) or soft (warns only)
 */
public record Limit(long nanoUsd, List<Integer> thresholdsPercent, BudgetMode mode) {

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);
  private static final BigDecimal MAX_NANO = BigDecimal.valueOf(Long.MAX_VALUE);

  public Limit {
    thresholdsPercent = List.copyOf(new TreeSet<>(thresholdsPercent));
  }

  /**
   * @param budget a budget
   * @return its limit
   */
  public static Limit of(BudgetConfig budget) {
    BigDecimal nano = budget.amountUsd().multiply(BigDecimal.valueOf(Cost.NANO_USD_PER_USD))
        .setScale(0, RoundingMode.DOWN);
    long amount = nano.compareTo(MAX_NANO) > 0 ? Long.MAX_VALUE : nano.longValueExact();
    return new Limit(amount, budget.thresholdsPercent(), budget.mode());
  }

  /**
   * @param thresholdPercent a threshold
   * @param spent spend in the window, nano-USD
   * @return whether {@code spent} reaches it
   */
  public boolean reached(int thresholdPercent, long spent) {
    return spent > 0
        && BigInteger.valueOf(spent).multiply(HUNDRED)
            .compareTo(BigInteger.valueOf(nanoUsd).multiply(BigInteger.valueOf(thresholdPercent))) >= 0;
  }

  /**
   * @param spent spend in the window, nano-USD
   * @return every threshold {@code spent} reaches, ascending
   */
  public SortedSet<Integer> reachedBy(long spent) {
    SortedSet<Integer> out = new TreeSet<>();
    for (int t : thresholdsPercent) {
      if (reached(t, spent)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * @param spent spend in the window, nano-USD
   * @return what the edge does with the next request
   */
  public Verdict verdict(long spent) {
    boolean overLimit = spent >= nanoUsd;
    if (overLimit && mode == BudgetMode.HARD) {
      return Verdict.BLOCK;
    }
    return overLimit || !reachedBy(spent).isEmpty() ? Verdict.WARN : Verdict.ALLOW;
  }
}
