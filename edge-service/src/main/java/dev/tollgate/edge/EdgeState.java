package dev.tollgate.edge;

import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.route.RouteTable;
import java.util.Optional;

/**
 * The in-memory state an edge serves from, kept current by Kafka consumers. Reading it never blocks: a request
 * never waits on Kafka (DESIGN.md, the hot path rule).
 */
public interface EdgeState {
  /** The latest complete configuration. */
  ConfigSnapshot config();

  /** Whether the Kafka-fed state has been loaded once; until then the edge is alive but not ready. */
  boolean loaded();

  /**
   * The routing service's latest route table of {@code alias}; empty while it published none, and the edge then
   * routes from the configuration alone.
   */
  default Optional<RouteTable> route(String alias) {
    return Optional.empty();
  }
}
