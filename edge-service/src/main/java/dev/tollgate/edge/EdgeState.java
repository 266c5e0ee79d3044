package dev.tollgate.edge;

import dev.tollgate.schemas.config.ConfigSnapshot;

/**
 * The in-memory state an edge serves from, kept current by Kafka consumers. Reading it never blocks: a request
 * never waits on Kafka (DESIGN.md, the hot path rule).
 */
public interface EdgeState {
  /** The latest complete configuration. */
  ConfigSnapshot config();

  /** Whether the Kafka-fed state has been loaded once; until then the edge is alive but not ready. */
  boolean loaded();
}
