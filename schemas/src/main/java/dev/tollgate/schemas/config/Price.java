package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Prices in USD per million tokens, in force from {@code effectiveFrom} (null: since always). Prices are
 * versioned, never edited, so that a price change never reprices history. Cached-input, cache-write and reasoning
 * prices are optional: without them cached tokens and tokens written to the prompt cache cost the input price and
 * reasoning tokens the output price. A provider that bills cache writes at a premium (Anthropic: 1.25 × input for
 * 5-minute writes) needs {@code cacheWritePerMtokUsd} set explicitly.
 *
 * @param effectiveFrom first instant this price is in force; null: since always
 * @param inputPerMtokUsd uncached prompt tokens
 * @param outputPerMtokUsd completion tokens other than reasoning
 * @param cachedInputPerMtokUsd prompt tokens read from the cache; null: the input price
 * @param reasoningPerMtokUsd reasoning tokens; null: the output price
 * @param cacheWritePerMtokUsd prompt tokens written to the cache; null: the input price
 */
public record Price(
    Instant effectiveFrom,
    BigDecimal inputPerMtokUsd,
    BigDecimal outputPerMtokUsd,
    BigDecimal cachedInputPerMtokUsd,
    BigDecimal reasoningPerMtokUsd,
    BigDecimal cacheWritePerMtokUsd) {

  public Price {
    nonNegative(Require.present(inputPerMtokUsd, "input_per_mtok_usd"), "input_per_mtok_usd");
    nonNegative(Require.present(outputPerMtokUsd, "output_per_mtok_usd"), "output_per_mtok_usd");
    nonNegative(cachedInputPerMtokUsd, "cached_input_per_mtok_usd");
    nonNegative(reasoningPerMtokUsd, "reasoning_per_mtok_usd");
    nonNegative(cacheWritePerMtokUsd, "cache_write_per_mtok_usd");
  }

  /**
   * A price with no cache-write rate (cache writes cost the input price).
   *
   * @param effectiveFrom first instant this price is in force; null: since always
   * @param inputPerMtokUsd uncached prompt tokens
   * @param outputPerMtokUsd completion tokens other than reasoning
   * @param cachedInputPerMtokUsd prompt tokens read from the cache; null: the input price
   * @param reasoningPerMtokUsd reasoning tokens; null: the output price
   */
  public Price(
      Instant effectiveFrom,
      BigDecimal inputPerMtokUsd,
      BigDecimal outputPerMtokUsd,
      BigDecimal cachedInputPerMtokUsd,
      BigDecimal reasoningPerMtokUsd) {
    this(effectiveFrom, inputPerMtokUsd, outputPerMtokUsd, cachedInputPerMtokUsd, reasoningPerMtokUsd, null);
  }

  private static void nonNegative(BigDecimal value, String wireName) {
    if (value != null && value.signum() < 0) {
      throw new IllegalArgumentException(wireName + " must be >= 0");
    }
  }
}
