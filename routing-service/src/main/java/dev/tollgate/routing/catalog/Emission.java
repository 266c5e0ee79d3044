package dev.tollgate.routing.catalog;

import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteTable;

/** What the route planner writes. */
public sealed interface Emission {

  /** A model alias's new route table on {@code tollgate.routes}; null removes the alias. */
  record Route(RouteTable table) implements Emission {}

  /**
   * A registration written back to {@code tollgate.provider.registrations}: a tombstone (null) when it expired, or
   * the registration itself when an expiry tombstone raced with a heartbeat and must not win compaction.
   */
  record Registration(ProviderRegistration registration) implements Emission {}

  /** @return the route table, or null for a tombstone */
  static RouteTable tableOf(Emission emission) {
    return ((Route) emission).table();
  }

  /** @return the registration, or null for a tombstone */
  static ProviderRegistration registrationOf(Emission emission) {
    return ((Registration) emission).registration();
  }
}
