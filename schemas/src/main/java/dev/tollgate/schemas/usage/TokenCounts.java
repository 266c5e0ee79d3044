package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.Require;

/**
 * Token counts with OpenAI's meaning: {@code cachedPrompt} is the part of {@code prompt} served from the provider's
 * prompt cache, and {@code reasoning} the part of {@code completion} spent on hidden reasoning. Both are subsets,
 * so {@link #total()} is {@code prompt + completion}, like OpenAI's {@code total_tokens}. Adapters translate other
 * providers' counts into this meaning.
 *
 * @param prompt input tokens, cached ones included
 * @param completion output tokens, reasoning ones included
 * @param cachedPrompt input tokens read from the prompt cache
 * @param reasoning output tokens spent on reasoning
 */
public record TokenCounts(long prompt, long completion, long cachedPrompt, long reasoning) {

  /** No tokens, as on a rejected request. */
  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0);

  public TokenCounts {
    Require.nonNegative(prompt, "prompt");
    Require.nonNegative(completion, "completion");
    Require.nonNegative(cachedPrompt, "cached_prompt");
    Require.nonNegative(reasoning, "reasoning");
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
        Math.addExact(reasoning, other.reasoning));
  }
}
