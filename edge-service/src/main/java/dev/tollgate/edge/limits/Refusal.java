package dev.tollgate.edge.limits;

import java.util.function.BiConsumer;

/**
 * A request refused by a limit, to be answered with 429 {@code rate_limit_exceeded}. Nothing was charged in any
 * scope.
 *
 * @param limit which limit was hit; when several were, the one that frees up last
 * @param scope whose limit it is
 * @param retryAfterMillis how long until the request would fit, at least 1
 * @param headers the {@code x-ratelimit-*} headers to send with the 429
 * @param message the error message for the client, in OpenAI's wording
 */
public record Refusal(
    LimitKind limit, LimitScope scope, long retryAfterMillis, RateLimitHeaders headers, String message)
    implements Admission {
  /** The OpenAI error code for every refusal here; a budget refusal is {@code insufficient_quota} instead. */
  public static final String ERROR_CODE = "rate_limit_exceeded";
  public static final String RETRY_AFTER = "retry-after";
  public static final String RETRY_AFTER_MS = "retry-after-ms";

  /** The refusal of the edge's own bound, {@link AdmissionBound}. */
  static Refusal edgeAtCapacity(int maxInFlight) {
    return new Refusal(
        LimitKind.CONCURRENCY,
        LimitScope.EDGE,
        RateLimiter.CONCURRENCY_RETRY_NANOS / 1_000_000L,
        RateLimitHeaders.NONE,
        "The gateway is at capacity (" + maxInFlight + " requests in flight). Please try again shortly.");
  }

  /** The refusal by {@code kind} of {@code limiter}, which asks for {@code waitNanos} before it fits. */
  static Refusal of(
      LimitKind kind, LimitScope scope, RateLimiter limiter, long now, long waitNanos, long requestedTokens,
      RateLimitHeaders headers) {
    long retryAfterMillis = Math.max(1, RateLimitHeaders.ceilMillis(waitNanos));
    String who = scope.label() + " '" + limiter.id() + "'";
    long limitFigure = limiter.limitOf(kind);
    String message;
    if (kind == LimitKind.CONCURRENCY) {
      message = "Too many concurrent requests for " + who + ": Limit " + limitFigure
          + ". Please try again when one of them has finished.";
    } else {
      long used = limiter.usedOf(kind, now);
      long requested = kind == LimitKind.TOKENS ? requestedTokens : 1;
      message = "Rate limit reached for " + who + " on " + kind.description() + ": Limit " + limitFigure
          + ", Used " + used + ", Requested " + requested + ". Please try again in "
          + GoDuration.format(retryAfterMillis * 1_000_000L) + ".";
    }
    return new Refusal(kind, scope, retryAfterMillis, headers, message);
  }

  @Override
  public boolean admitted() {
    return false;
  }

  /** OpenAI's error {@code type} for a rate limit: {@code tokens} for a token limit, else {@code requests}. */
  public String errorType() {
    return limit == LimitKind.TOKENS ? "tokens" : "requests";
  }

  /** {@code retry-after} in whole seconds, rounded up so a client that honours it is not refused again. */
  public long retryAfterSeconds() {
    return (retryAfterMillis + 999) / 1_000;
  }

  /** Hands every header of the 429 to {@code header}: the {@code x-ratelimit-*} ones and both retry hints. */
  public void forEachHeader(BiConsumer<String, String> header) {
    headers.forEach(header);
    header.accept(RETRY_AFTER, Long.toString(retryAfterSeconds()));
    header.accept(RETRY_AFTER_MS, Long.toString(retryAfterMillis));
  }
}
