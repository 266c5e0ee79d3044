package dev.tollgate.metering.pricing;

import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The exact cost of some tokens under one price.
 *
 * <p>Each of the five line items of a {@link Cost} is {@code tokens × USD per million / 1e6} USD, computed in
 * {@link BigDecimal} with no loss and only then converted to whole nano-USD, rounded {@link RoundingMode#HALF_EVEN
 * half-even} (to the nearest nano-USD, ties to the even one). Rounding happens once per line item, never on a
 * total, so the total of a ledger line is the sum of its rounded items and a sum of ledger lines is exact.
 *
 * <p>Token kinds follow OpenAI: {@code prompt} includes {@code cachedPrompt} and {@code cacheWriteTokens}, and
 * {@code completion} includes {@code reasoning}. So the input item is {@code prompt - cachedPrompt -
 * cacheWriteTokens} tokens at the input price, the cached item {@code cachedPrompt} tokens at the cached-input price
 * (the input price when there is none), the cache-write item {@code cacheWriteTokens} at the cache-write price (the
 * input price when there is none), the output item {@code completion - reasoning} at the output price and the
 * reasoning item {@code reasoning} at the reasoning price (the output price when there is none). No token is charged
 * twice. A count that claims more cached tokens than prompt tokens is capped at the prompt, cache writes at what
 * the cached tokens leave of it, and reasoning at the completion, so the bill never covers more tokens than {@code
 * prompt + completion}.
 */
public final class Tariff {

  /** Nano-USD per USD, over the million tokens a price is quoted for: {@code 1e9 / 1e6}. */
  private static final int NANO_PER_USD_PER_MTOK_EXPONENT = 3;

  private Tariff() {}

  /**
   * What {@code tokens} cost under {@code price}.
   *
   * @param tokens the counts of one request
   * @param price the price in force
   * @return the cost, split by the rate that applied
   * @throws ArithmeticException if a line item does not fit a {@code long} of nano-USD
   */
  public static Cost cost(TokenCounts tokens, Price price) {
    long cached = Math.min(tokens.cachedPrompt(), tokens.prompt());
    long cacheWrite = Math.min(tokens.cacheWriteTokens(), tokens.prompt() - cached);
    long reasoning = Math.min(tokens.reasoning(), tokens.completion());
    BigDecimal cachedRate = orElse(price.cachedInputPerMtokUsd(), price.inputPerMtokUsd());
    BigDecimal cacheWriteRate = orElse(price.cacheWritePerMtokUsd(), price.inputPerMtokUsd());
    BigDecimal reasoningRate = orElse(price.reasoningPerMtokUsd(), price.outputPerMtokUsd());
    return new Cost(
        lineItem(tokens.prompt() - cached - cacheWrite, price.inputPerMtokUsd()),
        lineItem(tokens.completion() - reasoning, price.outputPerMtokUsd()),
        lineItem(cached, cachedRate),
        lineItem(reasoning, reasoningRate),
        lineItem(cacheWrite, cacheWriteRate));
  }

  /**
   * One line item in nano-USD: {@code tokens × usdPerMillion × 1e9 / 1e6}, rounded half-even.
   *
   * @param tokens how many tokens
   * @param usdPerMillion the rate, USD per million tokens
   * @return whole nano-USD
   */
  public static long lineItem(long tokens, BigDecimal usdPerMillion) {
    return BigDecimal.valueOf(tokens)
        .multiply(usdPerMillion)
        .movePointRight(NANO_PER_USD_PER_MTOK_EXPONENT)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
    return value != null ? value : fallback;
  }
}
