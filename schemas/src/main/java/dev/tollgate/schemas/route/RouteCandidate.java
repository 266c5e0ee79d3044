package dev.tollgate.schemas.route;

import dev.tollgate.schemas.Require;
import dev.tollgate.schemas.config.Price;

/**
 * One deployment an edge may send a model alias's requests to.
 *
 * @param deployment the deployment's id, unique within the model
 * @param provider the provider's id in {@code tollgate.config}
 * @param upstreamModel the model name the provider knows
 * @param weight share of traffic under the weighted strategy, relative to the other candidates' weights
 * @param priority order under the priority strategy, lowest first
 * @param health the latest health
 * @param price the price in force when the table was computed, per million tokens; null when none is declared
 * @param baseUrl where a self-registered provider (OpenAI-compatible) is reached; null for a provider declared in
 *     {@code tollgate.config}, whose settings the edge reads there
 */
public record RouteCandidate(
    String deployment,
    String provider,
    String upstreamModel,
    int weight,
    int priority,
    DeploymentHealth health,
    Price price,
    String baseUrl) {

  public RouteCandidate {
    Require.text(deployment, "deployment");
    Require.text(provider, "provider");
    Require.text(upstreamModel, "upstream_model");
    Require.nonNegative(weight, "weight");
    Require.present(health, "health");
    Require.optionalText(baseUrl, "base_url");
  }
}
