package dev.tollgate.schemas.route;

import dev.tollgate.schemas.Require;
import dev.tollgate.schemas.config.RouteStrategy;
import java.time.Instant;
import java.util.List;

/**
 * Where a public model alias's requests may go: the value of the compacted topic {@code tollgate.routes}, keyed by
 * the alias. The routing service republishes it when the model's config or a deployment's health changes; an edge
 * keeps the latest per alias in memory and picks from it without calling anyone.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param modelAlias the public model name
 * @param strategy how to pick among the candidates
 * @param candidates the deployments, in the routing service's preference order; may be empty while none is
 *     configured
 * @param fallbacks model aliases to try, in order, when every candidate fails
 * @param computedAt when the routing service computed this table
 */
public record RouteTable(
    int schemaVersion,
    String modelAlias,
    RouteStrategy strategy,
    List<RouteCandidate> candidates,
    List<String> fallbacks,
    Instant computedAt) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public RouteTable {
    Require.schemaVersion(schemaVersion);
    Require.text(modelAlias, "model_alias");
    Require.present(strategy, "strategy");
    candidates = Require.list(candidates, "candidates");
    fallbacks = Require.list(fallbacks, "fallbacks");
    Require.present(computedAt, "computed_at");
  }

  /**
   * The record key on {@code tollgate.routes}: the model alias.
   *
   * @return {@code modelAlias}
   */
  public String topicKey() {
    return modelAlias;
  }
}
