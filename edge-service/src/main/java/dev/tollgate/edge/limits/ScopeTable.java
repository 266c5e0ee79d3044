package dev.tollgate.edge.limits;

import dev.tollgate.schemas.config.Limits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link RateLimiter}s of one kind of scope (keys or tenants) by id, bounded so that memory follows the scopes
 * in use rather than every scope ever seen.
 *
 * <p>A scope is forgotten when it is idle (nothing in flight, full buckets): a fresh one would be identical, so
 * forgetting it is lossless. If more than {@code capacity} scopes are busy at once, the least recently used ones
 * with nothing in flight are forgotten too; they lose their last minute of usage, the price of a hard bound.
 */
final class ScopeTable {
  private final Map<String, RateLimiter> scopes = new ConcurrentHashMap<>();
  private final int capacity;

  ScopeTable(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a scope table needs a capacity >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** The live scope for {@code id}, created on first use. */
  RateLimiter get(String id, long now) {
    RateLimiter scope = scopes.get(id);
    return scope != null ? scope : scopes.computeIfAbsent(id, key -> new RateLimiter(key, now));
  }

  int size() {
    return scopes.size();
  }

  boolean overCapacity() {
    return scopes.size() > capacity;
  }

  /** Charges or refunds tokens on {@code scope}, or on its successor if it was forgotten meanwhile. */
  void adjustTokens(RateLimiter scope, long now, long delta, Limits knownLimits) {
    RateLimiter live = scope;
    while (!live.adjustTokens(now, delta, knownLimits)) {
      live = get(live.id(), now);
    }
  }

  /** Forgets idle scopes, then, if still over capacity, the least recently used with nothing in flight. */
  void evict(long now) {
    scopes.values().removeIf(scope -> scope.retireIfIdle(now));
    int excess = scopes.size() - capacity;
    if (excess <= 0) {
      return;
    }
    // Snapshot the ages first: they move while we sort, and a moving sort key breaks the sort's contract.
    List<Aged> byAge = new ArrayList<>();
    scopes.values().forEach(scope -> byAge.add(new Aged(scope, scope.lastUsed())));
    byAge.sort(Comparator.comparingLong(Aged::lastUsed));
    for (Aged aged : byAge) {
      if (excess == 0) {
        return;
      }
      if (aged.scope().retireIfNothingInFlight()) {
        scopes.remove(aged.scope().id(), aged.scope());
        excess--;
      }
    }
  }

  private record Aged(RateLimiter scope, long lastUsed) {}
}
