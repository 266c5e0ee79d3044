package dev.tollgate.routing.catalog;

import dev.tollgate.routing.health.HealthUpdate;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.route.ProviderRegistration;

/** What the route planner reads: the three inputs, merged into one stream. */
public sealed interface RouteInput {

  /** A record of {@code tollgate.config}; {@code entity} is null for a tombstone. */
  record Config(ConfigEntity entity) implements RouteInput {}

  /** A record of {@code tollgate.provider.registrations}; {@code registration} is null for a tombstone. */
  record Registration(ProviderRegistration registration) implements RouteInput {}

  /** A deployment's new health. */
  record Health(HealthUpdate update) implements RouteInput {}
}
