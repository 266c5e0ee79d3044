package dev.tollgate.edge.limits;

import dev.tollgate.schemas.config.Limits;

/**
 * An admitted request: it holds a concurrency slot in its key, its tenant and the edge's {@link AdmissionBound},
 * and has charged one request and its token estimate to both scopes.
 *
 * <p>The request path calls {@link #settle} once the real usage is known and {@link #release()} when the request
 * ends in any way (done, failed, cancelled). Both are safe to call from any thread.
 */
public final class Permit implements Admission {
  private final LimitGate gate;
  private final RateLimiter key;
  private final Limits keyLimits;
  private final RateLimiter tenant;
  private final Limits tenantLimits;
  private final RateLimitHeaders headers;
  private long chargedTokens;
  private boolean released;

  Permit(
      LimitGate gate, RateLimiter key, Limits keyLimits, RateLimiter tenant, Limits tenantLimits,
      long estimatedTokens, RateLimitHeaders headers) {
    this.gate = gate;
    this.key = key;
    this.keyLimits = keyLimits;
    this.tenant = tenant;
    this.tenantLimits = tenantLimits;
    this.chargedTokens = estimatedTokens;
    this.headers = headers;
  }

  @Override
  public boolean admitted() {
    return true;
  }

  /** The {@code x-ratelimit-*} headers as of admission, for the response. */
  public RateLimitHeaders headers() {
    return headers;
  }

  /** The tokens charged to both scopes so far: the estimate, then the last figure given to {@link #settle}. */
  public synchronized long chargedTokens() {
    return chargedTokens;
  }

  /**
   * Corrects the token charge of both scopes to {@code actualTokens}: refunds what the estimate over-charged or
   * charges the excess (which may leave a scope in debt, so its next requests wait). Calling it again corrects
   * to the new figure. Works before or after {@link #release()}.
   */
  public void settle(long actualTokens) {
    if (actualTokens < 0) {
      throw new IllegalArgumentException("actual tokens must be >= 0, got " + actualTokens);
    }
    long delta;
    synchronized (this) {
      delta = actualTokens - chargedTokens;
      chargedTokens = actualTokens;
    }
    if (delta != 0) {
      gate.adjustTokens(key, keyLimits, tenant, tenantLimits, delta);
    }
  }

  /** Frees the concurrency slots; idempotent, so a cancel racing a completion frees them once. */
  public void release() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    gate.leave(key, tenant);
  }
}
