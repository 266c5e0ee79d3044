package dev.tollgate.edge.limits;

/**
 * A token bucket that holds up to {@code limit} units (the burst is the per-minute figure) and refills
 * continuously at {@code limit} units per minute.
 *
 * <p>Why a token bucket rather than a sliding window: a sliding log keeps every request of the last minute (memory
 * grows with the rate) and a sliding counter only approximates. A bucket is exact in O(1) memory, refills smoothly
 * instead of at window edges, and correcting a reservation to the real usage (refund or extra charge) is one
 * addition. It is kept in the form of the generic cell rate algorithm: the only state is the instant the bucket
 * will be full again, so refill needs no timer and no floating point. Each unit costs {@code interval} nanoseconds
 * of backlog; the bucket is empty when the backlog reaches {@code window} and in debt beyond it.
 *
 * <p>Not thread-safe: the {@link RateLimiter} that owns it guards it.
 */
final class TokenBucket {
  static final long MINUTE_NANOS = 60_000_000_000L;
  /** One unit per nanosecond is already no limit in practice; capping there keeps every product within a long. */
  static final long MAX_LIMIT = MINUTE_NANOS;
  /** Caps the debt that charging real usage can run up: a year of debt already means "refused", and sums stay in a long. */
  static final long MAX_BACKLOG_NANOS = 365L * 24 * 3_600 * 1_000_000_000L;

  private long limit;
  private long interval;
  private long window;
  private long fullAt;

  TokenBucket(long limit, long now) {
    setRate(limit);
    this.fullAt = now;
  }

  long limit() {
    return limit;
  }

  /** Nanoseconds until the bucket is full again: OpenAI's "reset". */
  long backlog(long now) {
    return Math.max(0, fullAt - now);
  }

  /** Whole units that can be taken now without waiting. */
  long remaining(long now) {
    return Math.max(0, (window - backlog(now)) / interval);
  }

  /** Units taken and not yet refilled, a partly refilled unit counting as used; more than the limit in debt. */
  long used(long now) {
    return (backlog(now) + interval - 1) / interval;
  }

  /**
   * Nanoseconds to wait before {@code units} fit, 0 if they fit now. Asking for nothing still needs one unit of
   * room, and asking for more than the whole bucket needs only a full bucket: a request larger than the limit is
   * admitted when the bucket is full (and leaves it in debt) rather than refused forever.
   */
  long waitFor(long now, long units) {
    long needed = Math.min(Math.max(units, 1), limit);
    return Math.max(0, backlog(now) + needed * interval - window);
  }

  /** Takes {@code units}, going into debt if they do not fit. */
  void take(long now, long units) {
    fullAt = now + Math.min(backlog(now) + cost(units), MAX_BACKLOG_NANOS);
  }

  /** Gives back {@code units} taken earlier; the bucket never holds more than its limit. */
  void giveBack(long now, long units) {
    fullAt = now + Math.max(0, backlog(now) - cost(units));
  }

  /**
   * Changes the limit and keeps the units used so far, so that a key at 6 of 10 is at 6 of 5 (in debt) after the
   * limit drops to 5, and at 6 of 20 after it rises to 20.
   */
  void setLimit(long newLimit, long now) {
    if (Math.min(newLimit, MAX_LIMIT) == limit) {
      return;
    }
    long backlog = backlog(now);
    long oldInterval = interval;
    setRate(newLimit);
    // backlog = used × interval; rescaling in double avoids overflowing backlog × interval on this rare path.
    long rescaled = Math.round((double) backlog / oldInterval * interval);
    fullAt = now + Math.min(rescaled, MAX_BACKLOG_NANOS);
  }

  private void setRate(long newLimit) {
    if (newLimit < 1) {
      throw new IllegalArgumentException("a limit must be >= 1, got " + newLimit);
    }
    limit = Math.min(newLimit, MAX_LIMIT);
    interval = MINUTE_NANOS / limit;
    // limit × interval, not a minute: rounding the interval down must not let limit + 1 units fit in a burst.
    window = limit * interval;
  }

  private long cost(long units) {
    return units >= MAX_BACKLOG_NANOS / interval ? MAX_BACKLOG_NANOS : units * interval;
  }
}
