package dev.tollgate.edge.auth;

import dev.tollgate.schemas.json.Json;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.http.GatewayError;
import dev.tollgate.edge.http.GatewayException;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.config.VirtualKey;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates {@code Authorization: Bearer tg-<id>.<secret>} against the key hashes in memory. The id part finds
 * the key; the hash comparison is constant-time. Messages never echo the presented key.
 *
 * <p>A client sends the same key with every request: the hash of a key that matched is remembered, so the next
 * request only compares it with the configured one (still in constant time, so a changed or removed key is refused
 * at once). Only keys that matched are remembered, and at most {@link #MAX_REMEMBERED} of them.
 */
public final class KeyAuthenticator {
  /** Keys whose hash is remembered; past it, the memory starts over (a few hashes are recomputed). */
  static final int MAX_REMEMBERED = 10_000;

  private static final String INVALID = "Incorrect API key provided. Check the key, or ask your administrator for one.";

  private final EdgeState state;
  private final Clock clock;
  /** By presented key: its id and its hash. Presented keys are secrets: this map is never logged or exposed. */
  private final Map<String, Hashed> matched = new ConcurrentHashMap<>();

  public KeyAuthenticator(EdgeState state) {
    this(state, Clock.systemUTC());
  }

  KeyAuthenticator(EdgeState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /** The caller of {@code request}, or a {@link GatewayException} saying why not. */
  public Principal authenticate(HttpServerRequest request) {
    return authenticate(request.getHeader("authorization"));
  }

  Principal authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw refuse("You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw refuse("The Authorization header must be 'Bearer <key>'.");
    }
    String text = authorization.substring(7).trim();
    Hashed remembered = matched.get(text);
    Hashed presented = remembered != null ? remembered
        : VirtualKey.parse(text).map(Hashed::of).orElseThrow(() -> refuse(INVALID));
    ConfigSnapshot config = state.config();
    Optional<KeyConfig> found = config.key(presented.id());
    if (found.isEmpty() || !presented.matches(found.get().secretHash())) {
      throw refuse(INVALID);
    }
    if (remembered == null) {
      remember(text, presented);
    }
    KeyConfig key = found.get();
    if (key.disabled()) {
      throw refuse("This API key has been disabled.");
    }
    if (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant())) {
      throw refuse("This API key has expired.");
    }
    Optional<TenantConfig> tenant = config.tenant(key.tenant());
    if (tenant.isEmpty() || tenant.get().disabled()) {
      throw refuse("The account this API key belongs to is not active.");
    }
    return new Principal(key, tenant.get());
  }

  /** Refuses a principal whose key lacks {@code scope}. */
  public static void requireScope(Principal principal, Scope scope) {
    if (!principal.key().scopes().contains(scope)) {
      throw new GatewayException(new GatewayError.PermissionDenied(
          "This API key may not call this endpoint (it lacks the '" + Json.wire(scope) + "' scope)."));
    }
  }

  private void remember(String text, Hashed presented) {
    if (matched.size() >= MAX_REMEMBERED) {
      matched.clear();
    }
    matched.put(text, presented);
  }

  /** A presented key reduced to what authentication compares: its id and its stored form. */
  private record Hashed(String id, byte[] hash) {
    static Hashed of(VirtualKey key) {
      return new Hashed(key.id(), key.hash().getBytes(StandardCharsets.US_ASCII));
    }

    /** As {@link VirtualKey#matches}: constant time. */
    boolean matches(String storedHash) {
      return storedHash != null && MessageDigest.isEqual(hash, storedHash.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static GatewayException refuse(String message) {
    return new GatewayException(new GatewayError.Unauthenticated(message));
  }
}
