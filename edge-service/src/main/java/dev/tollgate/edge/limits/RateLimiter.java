package dev.tollgate.edge.limits;

import dev.tollgate.schemas.config.Limits;

/**
 * The limits and current usage of one scope (a key or a tenant): requests and tokens per minute as
 * {@link TokenBucket}s, and a count of requests in flight.
 *
 * <p>Every method runs under this object's monitor. {@link LimitGate} holds the key's monitor and then the
 * tenant's while it checks and charges both, always in that order, so the pair is decided atomically without a
 * global lock.
 */
final class RateLimiter {
  /** There is no instant at which a concurrency slot frees up; this is the hint given to the client instead. */
  static final long CONCURRENCY_RETRY_NANOS = 1_000_000_000L;

  private final String id;
  private Limits limits = Limits.UNLIMITED;
  private boolean configured;
  private TokenBucket requests;
  private TokenBucket tokens;
  private int inFlight;
  private long lastUsed;
  private boolean retired;

  RateLimiter(String id, long now) {
    this.id = id;
    this.lastUsed = now;
  }

  String id() {
    return id;
  }

  /**
   * Takes the limits from the current configuration. Usage carries over: buckets are rescaled and requests in
   * flight still count. A figure that was unlimited starts with a full bucket, since nothing was measured.
   */
  synchronized void apply(Limits newLimits, long now) {
    Limits next = newLimits == null ? Limits.UNLIMITED : newLimits;
    configured = true;
    if (next == limits || next.equals(limits)) {
      return;
    }
    requests = rebucket(requests, next.requestsPerMinute(), now);
    tokens = rebucket(tokens, next.tokensPerMinute(), now);
    limits = next;
  }

  /** Nanoseconds before a request costing {@code estimatedTokens} fits under {@code kind}; 0 if it fits now. */
  synchronized long waitFor(LimitKind kind, long now, long estimatedTokens) {
    return switch (kind) {
      case REQUESTS -> requests == null ? 0 : requests.waitFor(now, 1);
      case TOKENS -> tokens == null ? 0 : tokens.waitFor(now, estimatedTokens);
      case CONCURRENCY -> limits.concurrentRequests() == null || inFlight < limits.concurrentRequests()
          ? 0
          : CONCURRENCY_RETRY_NANOS;
    };
  }

  /** Charges one request, its token estimate and a concurrency slot; call only after every wait was 0. */
  synchronized void enter(long now, long estimatedTokens) {
    if (requests != null) {
      requests.take(now, 1);
    }
    if (tokens != null) {
      tokens.take(now, estimatedTokens);
    }
    inFlight++;
    lastUsed = now;
  }

  /**
   * Corrects the token charge by {@code delta} (positive charges more, negative refunds), unless this scope was
   * retired, in which case the caller must apply it to the live one. A scope created since, and not yet given
   * its limits by a request, takes {@code knownLimits}: those in force when the charge was made.
   */
  synchronized boolean adjustTokens(long now, long delta, Limits knownLimits) {
    if (retired) {
      return false;
    }
    if (!configured) {
      apply(knownLimits, now);
    }
    if (tokens != null) {
      if (delta > 0) {
        tokens.take(now, delta);
      } else {
        tokens.giveBack(now, -delta);
      }
    }
    lastUsed = now;
    return true;
  }

  /** Frees the concurrency slot taken by {@link #enter}. */
  synchronized void leave() {
    if (inFlight <= 0) {
      throw new IllegalStateException("scope " + id + " left more often than entered");
    }
    inFlight--;
  }

  /**
   * Retires this scope if it has nothing in flight and full buckets, i.e. it holds no information a fresh scope
   * would not: forgetting it loses nothing.
   */
  synchronized boolean retireIfIdle(long now) {
    boolean idle = inFlight == 0 && (requests == null || requests.backlog(now) == 0)
        && (tokens == null || tokens.backlog(now) == 0);
    retired = retired || idle;
    return idle;
  }

  /** Retires this scope even if its buckets are not full (losing that usage), but never with requests in flight. */
  synchronized boolean retireIfNothingInFlight() {
    retired = retired || inFlight == 0;
    return inFlight == 0;
  }

  /** Whether this scope was dropped from its table; a caller that still holds it must look it up again. */
  synchronized boolean retired() {
    return retired;
  }

  synchronized long lastUsed() {
    return lastUsed;
  }

  /** Units used now under a per-minute {@code kind}, more than the limit when in debt; -1 when unlimited. */
  synchronized long usedOf(LimitKind kind, long now) {
    TokenBucket bucket = bucket(kind);
    return bucket == null ? -1 : bucket.used(now);
  }

  /** The limit figure for {@code kind}, or -1 when unlimited. */
  synchronized long limitOf(LimitKind kind) {
    if (kind == LimitKind.CONCURRENCY) {
      return limits.concurrentRequests() == null ? -1 : limits.concurrentRequests();
    }
    TokenBucket bucket = bucket(kind);
    return bucket == null ? -1 : bucket.limit();
  }

  /** Whole units left now under a per-minute {@code kind}; -1 when unlimited. */
  synchronized long remainingOf(LimitKind kind, long now) {
    TokenBucket bucket = bucket(kind);
    return bucket == null ? -1 : bucket.remaining(now);
  }

  /** Nanoseconds until the per-minute {@code kind} bucket is full again; -1 when unlimited. */
  synchronized long resetOf(LimitKind kind, long now) {
    TokenBucket bucket = bucket(kind);
    return bucket == null ? -1 : bucket.backlog(now);
  }

  private TokenBucket bucket(LimitKind kind) {
    return switch (kind) {
      case REQUESTS -> requests;
      case TOKENS -> tokens;
      case CONCURRENCY -> null;
    };
  }

  private static TokenBucket rebucket(TokenBucket bucket, Long perMinute, long now) {
    if (perMinute == null) {
      return null;
    }
    if (bucket == null) {
      return new TokenBucket(perMinute, now);
    }
    bucket.setLimit(perMinute, now);
    return bucket;
  }
}
