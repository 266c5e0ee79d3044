package dev.tollgate.edge.limits;

import dev.tollgate.schemas.config.Limits;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limits of the request path: requests per minute, tokens per minute and concurrent requests, per key and
 * per tenant, behind the edge's {@link AdmissionBound}. One instance serves every event loop of the edge.
 *
 * <p>State is in memory and never waits on anything but two short monitors, so the gate is safe on an event loop.
 * Limits come with each call, straight from the current configuration: a changed limit applies from the next
 * request on, and the usage measured so far carries over.
 */
public final class LimitGate {
  /** Scopes of each kind (keys, tenants) kept before idle ones are forgotten early; idle ones go anyway. */
  public static final int DEFAULT_MAX_TRACKED_SCOPES = 100_000;

  private static final LimitKind[] KINDS = LimitKind.values();
  /** Idle scopes are swept once a minute: a scope used once is idle again at most a minute later. */
  private static final long EVICT_EVERY_NANOS = TokenBucket.MINUTE_NANOS;
  /** Over capacity, sweep sooner, but not on every request: a sweep walks the whole table. */
  private static final long EVICT_WHEN_CROWDED_EVERY_NANOS = 1_000_000_000L;

  private final AdmissionBound bound;
  private final NanoClock clock;
  private final ScopeTable keys;
  private final ScopeTable tenants;
  private final AtomicLong lastEviction;

  private LimitGate(AdmissionBound bound, NanoClock clock, int maxTrackedScopes) {
    this.bound = Objects.requireNonNull(bound, "bound");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = new ScopeTable(maxTrackedScopes);
    this.tenants = new ScopeTable(maxTrackedScopes);
    this.lastEviction = new AtomicLong(clock.nanoTime());
  }

  /** A gate behind {@code bound}, on the system clock, tracking up to {@link #DEFAULT_MAX_TRACKED_SCOPES}. */
  public static LimitGate create(AdmissionBound bound) {
    return new LimitGate(bound, NanoClock.system(), DEFAULT_MAX_TRACKED_SCOPES);
  }

  /** A gate behind {@code bound}, reading time from {@code clock}, tracking up to {@code maxTrackedScopes} each. */
  public static LimitGate create(AdmissionBound bound, NanoClock clock, int maxTrackedScopes) {
    return new LimitGate(bound, clock, maxTrackedScopes);
  }

  /**
   * Admits a request or says why not. Checks the edge bound, then every limit of the key and of the tenant, and
   * charges all of them only if all allow it: a refused request consumes nothing anywhere.
   *
   * @param keyId the virtual key's id
   * @param keyLimits the key's limits now ({@code null} or {@link Limits#UNLIMITED} for none)
   * @param tenantId the key's tenant
   * @param tenantLimits the tenant's limits now
   * @param estimatedTokens the tokens this request may use (prompt estimate plus the completion it may produce),
   *     reserved now and corrected by {@link Permit#settle}
   */
  public Admission admit(
      String keyId, Limits keyLimits, String tenantId, Limits tenantLimits, long estimatedTokens) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(tenantId, "tenantId");
    if (estimatedTokens < 0) {
      throw new IllegalArgumentException("estimated tokens must be >= 0, got " + estimatedTokens);
    }
    if (!bound.tryAcquire()) {
      return Refusal.edgeAtCapacity(bound.maxInFlight());
    }
    Admission admission = null;
    try {
      long now = clock.nanoTime();
      evictIfDue(now);
      admission = admitToScopes(keyId, keyLimits, tenantId, tenantLimits, estimatedTokens, now);
      return admission;
    } finally {
      if (!(admission instanceof Permit)) {
        bound.release();
      }
    }
  }

  /** The key and tenant scopes held in memory now. */
  public int trackedScopes() {
    return keys.size() + tenants.size();
  }

  /** The edge's bound on requests in flight. */
  public AdmissionBound bound() {
    return bound;
  }

  void adjustTokens(RateLimiter key, Limits keyLimits, RateLimiter tenant, Limits tenantLimits, long delta) {
    long now = clock.nanoTime();
    keys.adjustTokens(key, now, delta, keyLimits);
    tenants.adjustTokens(tenant, now, delta, tenantLimits);
  }

  void leave(RateLimiter key, RateLimiter tenant) {
    // A scope with a request in flight is never forgotten, so these are still the live ones.
    key.leave();
    tenant.leave();
    bound.release();
  }

  private Admission admitToScopes(
      String keyId, Limits keyLimits, String tenantId, Limits tenantLimits, long estimatedTokens, long now) {
    while (true) {
      RateLimiter key = keys.get(keyId, now);
      RateLimiter tenant = tenants.get(tenantId, now);
      // Always the key's monitor before the tenant's: no thread holds a tenant while waiting for a key, so the
      // pair is locked without deadlock, and check-then-charge is atomic across both scopes.
      synchronized (key) {
        synchronized (tenant) {
          if (!key.retired() && !tenant.retired()) {
            key.apply(keyLimits, now);
            tenant.apply(tenantLimits, now);
            return decide(key, keyLimits, tenant, tenantLimits, estimatedTokens, now);
          }
        }
      }
      // A sweep forgot one of them between the look-up and the lock: look the live ones up again.
    }
  }

  private Admission decide(
      RateLimiter key, Limits keyLimits, RateLimiter tenant, Limits tenantLimits, long estimatedTokens, long now) {
    Refusal refusal = refusalByAnyLimit(key, tenant, estimatedTokens, now);
    if (refusal != null) {
      return refusal;
    }
    key.enter(now, estimatedTokens);
    tenant.enter(now, estimatedTokens);
    return new Permit(
        this, key, keyLimits, tenant, tenantLimits, estimatedTokens, RateLimitHeaders.of(key, tenant, now));
  }

  /**
   * Checks every limit before any is charged; null when all allow the request. A refusal names the limit that
   * frees up last: retrying any sooner would only be refused again.
   */
  private static Refusal refusalByAnyLimit(RateLimiter key, RateLimiter tenant, long estimatedTokens, long now) {
    LimitKind worstKind = null;
    RateLimiter worstScope = null;
    long worstWait = 0;
    for (LimitKind kind : KINDS) {
      long keyWait = key.waitFor(kind, now, estimatedTokens);
      long tenantWait = tenant.waitFor(kind, now, estimatedTokens);
      if (Math.max(keyWait, tenantWait) > worstWait) {
        worstKind = kind;
        worstScope = keyWait >= tenantWait ? key : tenant;
        worstWait = Math.max(keyWait, tenantWait);
      }
    }
    if (worstWait == 0) {
      return null;
    }
    LimitScope scope = worstScope == key ? LimitScope.KEY : LimitScope.TENANT;
    return Refusal.of(
        worstKind, scope, worstScope, now, worstWait, estimatedTokens, RateLimitHeaders.of(key, tenant, now));
  }

  private void evictIfDue(long now) {
    long last = lastEviction.get();
    long since = now - last;
    boolean crowded = keys.overCapacity() || tenants.overCapacity();
    boolean due = since >= EVICT_EVERY_NANOS || (crowded && since >= EVICT_WHEN_CROWDED_EVERY_NANOS);
    // One thread sweeps; the others go on without waiting for it.
    if (due && lastEviction.compareAndSet(last, now)) {
      keys.evict(now);
      tenants.evict(now);
    }
  }
}
