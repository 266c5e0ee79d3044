package dev.tollgate.routing.registry;

import dev.tollgate.routing.http.ApiError;
import dev.tollgate.routing.http.ApiException;
import dev.tollgate.routing.http.LatestByKey;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.route.ProviderRegistration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider registry's endpoints, all behind the admin token: register (upsert), heartbeat (renew) and delete.
 * A registration is live until {@code renewed_at + ttl_seconds}; a heartbeat on one that has lapsed is a 404, and
 * the provider registers again.
 */
public final class RegistryHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHandlers.class);

  private final Vertx vertx;
  private final Optional<AdminToken> token;
  private final LatestByKey<ProviderRegistration> registrations;
  private final RegistrationWriter writer;
  private final Clock clock;

  public RegistryHandlers(Vertx vertx, Optional<AdminToken> token, LatestByKey<ProviderRegistration> registrations,
      RegistrationWriter writer, Clock clock) {
    this.vertx = vertx;
    this.token = token;
    this.registrations = registrations;
    this.writer = writer;
    this.clock = clock;
  }

  /** {@code POST /v1/providers}: 201 with the registration when new, 200 when it replaced a live one. */
  public void register(RoutingContext ctx) {
    authorize(ctx);
    Instant now = clock.instant();
    byte[] body = ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
    ProviderRegistration asked = RegistrationRequest.parse(body, now, null);
    Optional<ProviderRegistration> live = live(asked.id(), now);
    ProviderRegistration registration = live.isEmpty() ? asked
        : RegistrationRequest.parse(body, now, live.get().registeredAt());
    respond(ctx, write(registration.id(), registration), live.isEmpty() ? 201 : 200, registration);
  }

  /** {@code POST /v1/providers/:id/heartbeat}: 200 with the renewed registration, 404 when it is not live. */
  public void heartbeat(RoutingContext ctx) {
    authorize(ctx);
    String id = id(ctx);
    Instant now = clock.instant();
    ProviderRegistration renewed = live(id, now)
        .orElseThrow(() -> new ApiException(new ApiError.RegistrationNotFound(id)))
        .renewedAt(now);
    respond(ctx, write(id, renewed), 200, renewed);
  }

  /** {@code DELETE /v1/providers/:id}: 204, whether or not it was registered. */
  public void delete(RoutingContext ctx) {
    authorize(ctx);
    String id = id(ctx);
    write(id, null).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void authorize(RoutingContext ctx) {
    AdminToken admin = token.orElseThrow(() -> new ApiException(new ApiError.RegistryDisabled()));
    if (!admin.accepts(ctx.request().getHeader("authorization"))) {
      throw new ApiException(new ApiError.Unauthenticated());
    }
  }

  private Optional<ProviderRegistration> live(String id, Instant now) {
    return registrations.get(id).filter(r -> now.isBefore(r.expiresAt()));
  }

  private Future<Void> write(String id, ProviderRegistration registration) {
    return vertx.<Void>executeBlocking(() -> {
      writer.write(id, registration).join();
      return null;
    }).recover(e -> {
      LOG.warn("could not write the registration of {}: {}", id, e.toString());
      return Future.failedFuture(new ApiException(new ApiError.Unavailable(
          "The registration could not be stored; try again.")));
    }).onSuccess(v -> registrations.wrote(id, registration));
  }

  private static void respond(RoutingContext ctx, Future<Void> written, int status, ProviderRegistration r) {
    written.onSuccess(v -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new String(Json.write(r), java.nio.charset.StandardCharsets.UTF_8))).onFailure(ctx::fail);
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!RegistrationRequest.isId(id)) {
      throw new ApiException(new ApiError.InvalidRequest("The provider id in the path is not valid.", "id"));
    }
    return id;
  }
}
