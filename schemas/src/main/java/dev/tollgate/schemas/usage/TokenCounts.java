package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.Require;

/**
 * Token counts with OpenAI's meaning: {@code cachedPrompt} is the part of {@code prompt} served from the provider's
 * prompt cache, {@code cacheWriteTokens} the part of {@code prompt} written into it (providers such as Anthropic
 * bill those at their own rate), and {@code reasoning} the part of {@code completion} spent on hidden reasoning.
 * All three are subsets, so {@link #total()} is {@code prompt + completion}, like OpenAI's {@code total_tokens}.
 * Adapters translate other providers' counts into this meaning.
 *
 * @param prompt input tokens, cached and cache-written ones included
 * @param completion output tokens, reasoning ones included
 * @param cachedPrompt input tokens read from the prompt cache
 * @param reasoning output tokens spent on reasoning
 * @param cacheWriteTokens input tokens written to the prompt cache; added within schema version 1, so absent (read
 *     as 0) in events written before it existed, and 0 for providers that do not report it
 */
public record TokenCounts(long prompt, long completion, long cachedPrompt, long reasoning, Long cacheWriteTokens) {

  /** No tokens, as on a rejected request. */
  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0);

  public TokenCounts {
    Require.nonNegative(prompt, "prompt");
    Require.nonNegative(completion, "completion");
    Require.nonNegative(cachedPrompt, "cached_prompt");
    Require.nonNegative(reasoning, "reasoning");
    // an event from before the field existed reported no cache writes
    cacheWriteTokens = cacheWriteTokens == null ? 0L : cacheWriteTokens;
    Require.nonNegative(cacheWriteTokens, "cache_write_tokens");
  }

  /**
   * Counts without cache writes, for providers that report none.
   *
   * @param prompt input tokens, cached ones included
   * @param completion output tokens, reasoning ones included
   * @param cachedPrompt input tokens read from the prompt cache
   * @param reasoning output tokens spent on reasoning
   */
  public TokenCounts(long prompt, long completion, long cachedPrompt, long reasoning) {
    this(prompt, completion, cachedPrompt, reasoning, 0L);
  }

  /**
   * All tokens of the request, as OpenAI counts them.
   *
   * @return {@code prompt + completion}
   * @throws ArithmeticException if the sum overflows a {@code long}
   */
  public long total() {
    return Math.addExact(prompt, completion);
  }

  /**
   * The field-by-field sum, for rollups.
   *
   * @param other counts to add
   * @return a new record holding the sums
   * @throws ArithmeticException if a sum overflows a {@code long}
   */
  public TokenCounts plus(TokenCounts other) {
    return new TokenCounts(
        Math.addExact(prompt, other.prompt),
        Math.addExact(completion, other.completion),
        Math.addExact(cachedPrompt, other.cachedPrompt),
        Math.addExact(reasoning, other.reasoning),
        Math.addExact(cacheWriteTokens, other.cacheWriteTokens));
  }
}
