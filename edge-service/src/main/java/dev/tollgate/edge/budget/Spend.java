package dev.tollgate.edge.budget;

import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.TokenCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a request may cost before it runs and what it did cost after, in whole nano-USD, with {@link BigDecimal}
 * arithmetic and no floating point.
 *
 * <p>The real cost is computed exactly as metering prices the usage event (the budget service sums metering's
 * figures): five line items, prompt minus cached and cache-write tokens at the input rate, cached tokens at the
 * cached rate, cache-write tokens at the cache-write rate, completion minus reasoning tokens at the output rate,
 * reasoning tokens at the reasoning rate, each rounded half-even to the nano-USD, with the price in force at the
 * request's start. The ceiling rounds up instead and charges every prompt token at the dearest of the input, cached
 * and cache-write rates, every completion token at the dearer of the output and reasoning rates.
 */
public final class Spend {
  /**
   * Completion tokens assumed when the request sets no {@code max_tokens} and the deployment declares neither
   * {@code max_output_tokens} nor {@code context_length}: the output cap of most current chat models.
   */
  public static final int DEFAULT_OUTPUT_LIMIT = 16_384;

  /** Nano-USD per USD over the million tokens a rate is quoted for: {@code 1e9 / 1e6}. */
  private static final int NANO_PER_USD_PER_MTOK_EXPONENT = 3;

  private Spend() {}

  /**
   * The most a request can cost on any of {@code candidates} (it may fail over to any of them).
   *
   * @param promptTokens the prompt tokens estimated now
   * @param maxTokens the request's {@code max_completion_tokens} or {@code max_tokens}
   * @param producesOutput false for embeddings, which bill no completion tokens
   * @param candidates the deployments the request may be served by
   * @param at when the request starts, which selects the price in force
   * @return the ceiling in nano-USD; 0 when no candidate has a price (metering charges nothing then either)
   */
  public static long ceiling(long promptTokens, OptionalInt maxTokens, boolean producesOutput,
      Collection<Deployment> candidates, Instant at) {
    long most = 0;
    for (Deployment deployment : candidates) {
      Optional<Price> price = deployment.priceAt(at);
      if (price.isEmpty()) {
        continue;
      }
      long output = producesOutput ? outputLimit(promptTokens, maxTokens, deployment) : 0;
      BigDecimal promptRate = max(max(price.get().inputPerMtokUsd(), price.get().cachedInputPerMtokUsd()),
          price.get().cacheWritePerMtokUsd());
      BigDecimal usd = BigDecimal.valueOf(promptTokens).multiply(promptRate)
          .add(BigDecimal.valueOf(output).multiply(max(price.get().outputPerMtokUsd(),
              price.get().reasoningPerMtokUsd())));
      most = Math.max(most, nanoUsd(usd, RoundingMode.CEILING));
    }
    return most;
  }

  /**
   * What {@code tokens} cost under {@code price}, to the nano-USD metering will charge.
   *
   * @param tokens the counts of one request
   * @param price the price in force at its start
   * @return the cost in nano-USD
   */
  public static long actual(TokenCounts tokens, Price price) {
    long cached = Math.min(tokens.cachedPrompt(), tokens.prompt());
    long cacheWrite = Math.min(tokens.cacheWriteTokens(), tokens.prompt() - cached);
    long reasoning = Math.min(tokens.reasoning(), tokens.completion());
    BigDecimal cachedRate = orElse(price.cachedInputPerMtokUsd(), price.inputPerMtokUsd());
    BigDecimal cacheWriteRate = orElse(price.cacheWritePerMtokUsd(), price.inputPerMtokUsd());
    BigDecimal reasoningRate = orElse(price.reasoningPerMtokUsd(), price.outputPerMtokUsd());
    return Math.addExact(
        Math.addExact(
            Math.addExact(lineItem(tokens.prompt() - cached - cacheWrite, price.inputPerMtokUsd()),
                lineItem(tokens.completion() - reasoning, price.outputPerMtokUsd())),
            Math.addExact(lineItem(cached, cachedRate), lineItem(reasoning, reasoningRate))),
        lineItem(cacheWrite, cacheWriteRate));
  }

  /** The request's cap, else the deployment's output limit, else what its context leaves, else the default. */
  static long outputLimit(long promptTokens, OptionalInt maxTokens, Deployment deployment) {
    if (maxTokens.isPresent()) {
      return maxTokens.getAsInt();
    }
    if (deployment.maxOutputTokens() != null) {
      return deployment.maxOutputTokens();
    }
    if (deployment.contextLength() != null && deployment.contextLength() > promptTokens) {
      return deployment.contextLength() - promptTokens;
    }
    return DEFAULT_OUTPUT_LIMIT;
  }

  private static long lineItem(long tokens, BigDecimal usdPerMillion) {
    return nanoUsd(BigDecimal.valueOf(tokens).multiply(usdPerMillion), RoundingMode.HALF_EVEN);
  }

  /** {@code tokens × USD per million} as nano-USD. */
  private static long nanoUsd(BigDecimal tokensTimesUsdPerMillion, RoundingMode rounding) {
    return tokensTimesUsdPerMillion.movePointRight(NANO_PER_USD_PER_MTOK_EXPONENT).setScale(0, rounding)
        .longValueExact();
  }

  private static BigDecimal max(BigDecimal rate, BigDecimal other) {
    return other == null ? rate : rate.max(other);
  }

  private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
    return value != null ? value : fallback;
  }
}
