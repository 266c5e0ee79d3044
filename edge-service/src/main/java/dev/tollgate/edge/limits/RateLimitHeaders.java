package dev.tollgate.edge.limits;

import java.util.function.BiConsumer;

/**
 * OpenAI's six {@code x-ratelimit-*} headers for one request: for requests and for tokens separately, the figures
 * of the tighter of the key's and the tenant's limits (the one with less left). A scope without that limit yields
 * to the other; when neither has it, its three headers are left out. Resets are the time until the bucket is full
 * again, rounded up to the millisecond and written as Go durations ({@code 12ms}, {@code 6m0s}).
 */
public final class RateLimitHeaders {
  public static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
  public static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
  public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
  public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
  public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
  public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";

  /** No headers: neither scope has a rate limit. */
  public static final RateLimitHeaders NONE = new RateLimitHeaders(Figures.ABSENT, Figures.ABSENT);

  private final Figures requests;
  private final Figures tokens;

  private RateLimitHeaders(Figures requests, Figures tokens) {
    this.requests = requests;
    this.tokens = tokens;
  }

  /** The headers for {@code key} and {@code tenant} at {@code now}; the caller holds both monitors. */
  static RateLimitHeaders of(RateLimiter key, RateLimiter tenant, long now) {
    Figures requests = tighter(Figures.of(key, LimitKind.REQUESTS, now), Figures.of(tenant, LimitKind.REQUESTS, now));
    Figures tokens = tighter(Figures.of(key, LimitKind.TOKENS, now), Figures.of(tenant, LimitKind.TOKENS, now));
    return requests == Figures.ABSENT && tokens == Figures.ABSENT ? NONE : new RateLimitHeaders(requests, tokens);
  }

  /** Whether there is no header to send at all. */
  public boolean isEmpty() {
    return requests == Figures.ABSENT && tokens == Figures.ABSENT;
  }

  /** The requests-per-minute limit reported, or -1 when no scope limits requests. */
  public long limitRequests() {
    return requests.limit();
  }

  /** Requests left, or -1 when no scope limits requests. */
  public long remainingRequests() {
    return requests.remaining();
  }

  /** Milliseconds until the request limit is back to full, or -1 when no scope limits requests. */
  public long resetRequestsMillis() {
    return requests.resetMillis();
  }

  /** The tokens-per-minute limit reported, or -1 when no scope limits tokens. */
  public long limitTokens() {
    return tokens.limit();
  }

  /** Tokens left, or -1 when no scope limits tokens. */
  public long remainingTokens() {
    return tokens.remaining();
  }

  /** Milliseconds until the token limit is back to full, or -1 when no scope limits tokens. */
  public long resetTokensMillis() {
    return tokens.resetMillis();
  }

  /** Hands each header present to {@code header} as (name, value), e.g. {@code headers.forEach(response::putHeader)}. */
  public void forEach(BiConsumer<String, String> header) {
    if (requests != Figures.ABSENT) {
      header.accept(LIMIT_REQUESTS, Long.toString(requests.limit()));
      header.accept(REMAINING_REQUESTS, Long.toString(requests.remaining()));
      header.accept(RESET_REQUESTS, GoDuration.format(requests.resetMillis() * 1_000_000L));
    }
    if (tokens != Figures.ABSENT) {
      header.accept(LIMIT_TOKENS, Long.toString(tokens.limit()));
      header.accept(REMAINING_TOKENS, Long.toString(tokens.remaining()));
      header.accept(RESET_TOKENS, GoDuration.format(tokens.resetMillis() * 1_000_000L));
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RateLimitHeaders{");
    forEach((name, value) -> text.append(name).append('=').append(value).append(' '));
    return text.append('}').toString();
  }

  /** Less left wins; on a tie, the longer wait until full, which is what the client must plan for. */
  private static Figures tighter(Figures a, Figures b) {
    if (a == Figures.ABSENT) {
      return b;
    }
    if (b == Figures.ABSENT || a.remaining() < b.remaining()) {
      return a;
    }
    if (b.remaining() < a.remaining()) {
      return b;
    }
    return a.resetMillis() >= b.resetMillis() ? a : b;
  }

  private record Figures(long limit, long remaining, long resetMillis) {
    static final Figures ABSENT = new Figures(-1, -1, -1);

    static Figures of(RateLimiter scope, LimitKind kind, long now) {
      long limit = scope.limitOf(kind);
      if (limit < 0) {
        return ABSENT;
      }
      return new Figures(limit, scope.remainingOf(kind, now), ceilMillis(scope.resetOf(kind, now)));
    }
  }

  static long ceilMillis(long nanos) {
    return (nanos + 999_999L) / 1_000_000L;
  }
}
