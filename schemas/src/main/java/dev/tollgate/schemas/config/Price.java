package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Prices in USD per million tokens, in force from {@code effectiveFrom} (null: since always). Prices are
 * versioned, never edited, so that a price change never reprices history. Cached-input and reasoning prices are
 * optional: without them cached tokens cost the input price and reasoning tokens the output price.
 */
public record Price(
    Instant effectiveFrom,
    BigDecimal inputPerMtokUsd,
    BigDecimal outputPerMtokUsd,
    BigDecimal cachedInputPerMtokUsd,
    BigDecimal reasoningPerMtokUsd) {

  public Price {
    nonNegative(Require.present(inputPerMtokUsd, "input_per_mtok_usd"), "input_per_mtok_usd");
    nonNegative(Require.present(outputPerMtokUsd, "output_per_mtok_usd"), "output_per_mtok_usd");
    nonNegative(cachedInputPerMtokUsd, "cached_input_per_mtok_usd");
    nonNegative(reasoningPerMtokUsd, "reasoning_per_mtok_usd");
  }

  private static void nonNegative(BigDecimal value, String wireName) {
    if (value != null && value.signum() < 0) {
      throw new IllegalArgumentException(wireName + " must be >= 0");
    }
  }
}
