package dev.tollgate.routing.health;

import dev.tollgate.schemas.route.DeploymentHealth;

/**
 * A deployment's new health, from the health keeper to the route planner.
 *
 * @param key the deployment's health key, see {@link #keyOf}
 * @param health the health to show in the route tables
 * @param stateChanged whether the circuit changed state: the route tables are then republished at once
 */
public record HealthUpdate(String key, DeploymentHealth health, boolean stateChanged) {

  /**
   * The key health is kept under: one per provider and upstream model, whatever alias reached it, since that is
   * what fails or recovers. A deployment's id is only unique within its model, so it cannot be the key.
   *
   * @param provider the provider id (a registered provider's id for a registration)
   * @param upstreamModel the model name the provider knows
   * @return {@code provider/upstreamModel}
   */
  public static String keyOf(String provider, String upstreamModel) {
    return provider + "/" + upstreamModel;
  }
}
