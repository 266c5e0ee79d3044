package dev.tollgate.schemas.route;

import dev.tollgate.schemas.Require;

/**
 * One deployment an edge may send a model alias's requests to.
 *
 * @param deployment the deployment's id, unique within the model
 * @param provider the provider's id in {@code tollgate.config}
 * @param upstreamModel the model name the provider knows
 * @param weight share of traffic under the weighted strategy, relative to the other candidates' weights
 * @param priority order under the priority strategy, lowest first
 * @param health the latest health
 */
public record RouteCandidate(
    String deployment, String provider, String upstreamModel, int weight, int priority, DeploymentHealth health) {

  public RouteCandidate {
    Require.text(deployment, "deployment");
    Require.text(provider, "provider");
    Require.text(upstreamModel, "upstream_model");
    Require.nonNegative(weight, "weight");
    Require.present(health, "health");
  }
}
