package dev.tollgate.adapters;

import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageSource;

/**
 * The tokens one request used, in OpenAI's terms: completion tokens include reasoning tokens, prompt tokens include
 * cached tokens and tokens written to the prompt cache.
 *
 * @param promptTokens tokens in the input
 * @param completionTokens tokens generated, reasoning included
 * @param cachedTokens prompt tokens served from the provider's prompt cache
 * @param reasoningTokens completion tokens spent on reasoning
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache (Anthropic bills them apart)
 * @param estimated true when Tollgate counted the tokens itself because the provider did not say
 */
public record Usage(
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long reasoningTokens,
    long cacheWriteTokens,
    boolean estimated) {

  public Usage {
    nonNegative(promptTokens, "prompt_tokens");
    nonNegative(completionTokens, "completion_tokens");
    nonNegative(cachedTokens, "cached_tokens");
    nonNegative(reasoningTokens, "reasoning_tokens");
    nonNegative(cacheWriteTokens, "cache_write_tokens");
  }

  /**
   * A usage without cache writes, for providers that report none.
   *
   * @param promptTokens tokens in the input
   * @param completionTokens tokens generated, reasoning included
   * @param cachedTokens prompt tokens served from the provider's prompt cache
   * @param reasoningTokens completion tokens spent on reasoning
   * @param estimated true when Tollgate counted the tokens itself
   */
  public Usage(
      long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens, boolean estimated) {
    this(promptTokens, completionTokens, cachedTokens, reasoningTokens, 0, estimated);
  }

  /**
   * Usage the provider reported.
   *
   * @param promptTokens tokens in the input
   * @param completionTokens tokens generated
   * @return a usage that is not estimated, with no cached or reasoning tokens
   */
  public static Usage reported(long promptTokens, long completionTokens) {
    return new Usage(promptTokens, completionTokens, 0, 0, false);
  }

  /**
   * Usage Tollgate counted itself.
   *
   * @param promptTokens estimated tokens in the input
   * @param completionTokens estimated tokens generated
   * @return an estimated usage, with no cached or reasoning tokens
   */
  public static Usage estimated(long promptTokens, long completionTokens) {
    return new Usage(promptTokens, completionTokens, 0, 0, true);
  }

  /**
   * Prompt plus completion tokens, as OpenAI's {@code total_tokens}.
   *
   * @return the total
   */
  public long totalTokens() {
    return Math.addExact(promptTokens, completionTokens);
  }

  /**
   * The counts as a usage event carries them.
   *
   * @return the token counts
   */
  public TokenCounts tokenCounts() {
    return new TokenCounts(promptTokens, completionTokens, cachedTokens, reasoningTokens, cacheWriteTokens);
  }

  /**
   * Where the counts come from, as a usage event says it.
   *
   * @return {@link UsageSource#ESTIMATED} or {@link UsageSource#PROVIDER}
   */
  public UsageSource source() {
    return estimated ? UsageSource.ESTIMATED : UsageSource.PROVIDER;
  }

  private static void nonNegative(long value, String wireName) {
    if (value < 0) {
      throw new IllegalArgumentException(wireName + " must be >= 0");
    }
  }
}
