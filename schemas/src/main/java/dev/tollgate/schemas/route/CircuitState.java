package dev.tollgate.schemas.route;

/** A deployment's circuit breaker, as the routing service computes it from request outcomes. */
public enum CircuitState {
  /** Healthy: the deployment takes traffic by its weight. */
  CLOSED,
  /** Failing: no traffic until {@code cooldown_until}. */
  OPEN,
  /** Cooled down: traffic again, and one more failure opens the circuit. */
  HALF_OPEN
}
