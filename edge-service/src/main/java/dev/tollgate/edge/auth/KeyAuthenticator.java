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
import java.time.Clock;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer tg-<id>.<secret>} against the key hashes in memory. The id part finds
 * the key; the hash comparison is constant-time. Messages never echo the presented key.
 */
public final class KeyAuthenticator {
  private static final String INVALID = "Incorrect API key provided. Check the key, or ask your administrator for one.";

  private final EdgeState state;
  private final Clock clock;

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
    VirtualKey presented = VirtualKey.parse(authorization.substring(7).trim()).orElseThrow(() -> refuse(INVALID));
    ConfigSnapshot config = state.config();
    KeyConfig key = config.key(presented.id()).filter(k -> presented.matches(k.secretHash()))
        .orElseThrow(() -> refuse(INVALID));
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

  private static GatewayException refuse(String message) {
    return new GatewayException(new GatewayError.Unauthenticated(message));
  }
}
