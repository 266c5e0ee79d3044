package dev.tollgate.schemas.config;

/** How an edge picks among a model's deployments. */
public enum RouteStrategy {
  /** Random, in proportion to the weights. */
  WEIGHTED,
  /** The lowest priority number first; the next only when it fails. */
  PRIORITY,
  /** Power of two choices over the deployments' latency. */
  LOWEST_LATENCY,
  /** The cheapest deployment under the request's maximum price. */
  CHEAPEST
}
