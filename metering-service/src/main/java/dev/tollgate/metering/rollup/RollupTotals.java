package dev.tollgate.metering.rollup;

import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.Granularity;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageRollup;
import java.time.Instant;

/**
 * The running totals of one rollup window: an immutable aggregate, so the aggregator is {@code
 * totals.plus(RollupTotals.of(line))}. Sums use {@code Math.addExact} through {@link TokenCounts#plus} and {@link
 * Cost#plus}: an overflow throws.
 *
 * @param requests ledger lines added
 * @param tokens their summed tokens
 * @param cost their summed cost
 */
public record RollupTotals(long requests, TokenCounts tokens, Cost cost) {

  /** Nothing yet: the initial value of every window. */
  public static final RollupTotals EMPTY = new RollupTotals(0, TokenCounts.ZERO, Cost.ZERO);

  /**
   * One ledger line as totals: one request, its tokens and its cost.
   *
   * @param line a priced usage
   * @return the totals of that line alone
   */
  public static RollupTotals of(PricedUsage line) {
    return new RollupTotals(1, line.usage().tokens(), line.cost());
  }

  /**
   * These totals and {@code other} together: a window's aggregate plus one more line ({@link #of}), or several
   * windows read as one.
   *
   * @param other totals of other lines or windows
   * @return new totals; these are unchanged
   */
  public RollupTotals plus(RollupTotals other) {
    return new RollupTotals(
        Math.addExact(requests, other.requests), tokens.plus(other.tokens), cost.plus(other.cost));
  }

  /**
   * The record written to {@code tollgate.usage.rollups} for these totals.
   *
   * @param key tenant, key and model
   * @param granularity an hour or a day
   * @param windowStart the first instant of the window
   * @return the rollup
   */
  public UsageRollup toRollup(RollupKey key, Granularity granularity, Instant windowStart) {
    return new UsageRollup(
        UsageRollup.CURRENT_SCHEMA_VERSION,
        key.tenant(),
        key.keyId(),
        key.modelAlias(),
        granularity,
        windowStart,
        windowStart.plus(granularity.length()),
        requests,
        tokens,
        cost);
  }
}
