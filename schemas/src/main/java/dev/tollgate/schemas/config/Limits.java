package dev.tollgate.schemas.config;

/** Rate limits; a null figure means unlimited. */
public record Limits(Long requestsPerMinute, Long tokensPerMinute, Integer concurrentRequests) {
  /** No limit at all. */
  public static final Limits UNLIMITED = new Limits(null, null, null);

  public Limits {
    positive(requestsPerMinute, "requests_per_minute");
    positive(tokensPerMinute, "tokens_per_minute");
    positive(concurrentRequests == null ? null : concurrentRequests.longValue(), "concurrent_requests");
  }

  private static void positive(Long value, String wireName) {
    if (value != null && value < 1) {
      throw new IllegalArgumentException(wireName + " must be >= 1 (omit it for no limit)");
    }
  }
}
