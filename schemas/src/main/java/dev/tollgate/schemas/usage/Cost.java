package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.Require;

/**
 * What a request cost, split by the price that applied, in whole nano-USD ({@code 1 USD = 1_000_000_000}). The
 * parts do not overlap: {@code inputNanoUsd} covers uncached prompt tokens, {@code cachedInputNanoUsd} the cached
 * ones, {@code outputNanoUsd} completion tokens other than reasoning and {@code reasoningNanoUsd} the reasoning
 * ones, {@code cacheWriteNanoUsd} the prompt tokens written to the prompt cache, so {@link #totalNanoUsd()} is
 * their sum. When a price has no cached, cache-write or reasoning rate, metering charges those tokens at the input
 * or output rate and still reports them in their own part.
 *
 * @param inputNanoUsd cost of uncached prompt tokens
 * @param outputNanoUsd cost of completion tokens other than reasoning
 * @param cachedInputNanoUsd cost of cached prompt tokens
 * @param reasoningNanoUsd cost of reasoning tokens
 * @param cacheWriteNanoUsd cost of prompt tokens written to the prompt cache; added within schema version 1, so
 *     absent (read as 0) in ledger lines and rollups written before it existed
 */
public record Cost(
    long inputNanoUsd, long outputNanoUsd, long cachedInputNanoUsd, long reasoningNanoUsd, Long cacheWriteNanoUsd) {

  /** Nothing, the cost of a rejected or unpriced request and the start of every sum. */
  public static final Cost ZERO = new Cost(0, 0, 0, 0);

  /** Nano-USD in one USD. */
  public static final long NANO_USD_PER_USD = 1_000_000_000L;

  public Cost {
    Require.nonNegative(inputNanoUsd, "input_nano_usd");
    Require.nonNegative(outputNanoUsd, "output_nano_usd");
    Require.nonNegative(cachedInputNanoUsd, "cached_input_nano_usd");
    Require.nonNegative(reasoningNanoUsd, "reasoning_nano_usd");
    // a line or rollup from before the field existed had no cache-write part
    cacheWriteNanoUsd = cacheWriteNanoUsd == null ? 0L : cacheWriteNanoUsd;
    Require.nonNegative(cacheWriteNanoUsd, "cache_write_nano_usd");
  }

  /**
   * A cost with no cache-write part.
   *
   * @param inputNanoUsd cost of uncached prompt tokens
   * @param outputNanoUsd cost of completion tokens other than reasoning
   * @param cachedInputNanoUsd cost of cached prompt tokens
   * @param reasoningNanoUsd cost of reasoning tokens
   */
  public Cost(long inputNanoUsd, long outputNanoUsd, long cachedInputNanoUsd, long reasoningNanoUsd) {
    this(inputNanoUsd, outputNanoUsd, cachedInputNanoUsd, reasoningNanoUsd, 0L);
  }

  /**
   * The whole cost.
   *
   * @return the sum of the five parts, in nano-USD
   * @throws ArithmeticException if the sum overflows a {@code long} (about 9.2 billion USD)
   */
  public long totalNanoUsd() {
    return Math.addExact(
        Math.addExact(
            Math.addExact(inputNanoUsd, outputNanoUsd), Math.addExact(cachedInputNanoUsd, reasoningNanoUsd)),
        cacheWriteNanoUsd);
  }

  /**
   * The part-by-part sum, for rollups and budgets.
   *
   * @param other cost to add
   * @return a new record holding the sums
   * @throws ArithmeticException if a sum overflows a {@code long}
   */
  public Cost plus(Cost other) {
    return new Cost(
        Math.addExact(inputNanoUsd, other.inputNanoUsd),
        Math.addExact(outputNanoUsd, other.outputNanoUsd),
        Math.addExact(cachedInputNanoUsd, other.cachedInputNanoUsd),
        Math.addExact(reasoningNanoUsd, other.reasoningNanoUsd),
        Math.addExact(cacheWriteNanoUsd, other.cacheWriteNanoUsd));
  }
}
