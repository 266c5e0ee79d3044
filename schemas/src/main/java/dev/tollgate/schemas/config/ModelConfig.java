package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.util.List;

/**
 * A public model alias and the deployments that can serve it, tried by {@code strategy}; when every deployment is
 * down, the {@code fallbacks} aliases are tried in order.
 */
public record ModelConfig(
    int schemaVersion, String id, RouteStrategy strategy, List<Deployment> deployments, List<String> fallbacks)
    implements ConfigEntity {
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public ModelConfig {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    strategy = strategy == null ? RouteStrategy.WEIGHTED : strategy;
    deployments = Require.list(deployments);
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException("deployments must name at least one deployment");
    }
    fallbacks = Require.list(fallbacks);
  }

  @Override
  public ConfigKind kind() {
    return ConfigKind.MODEL;
  }
}
