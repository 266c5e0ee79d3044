package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** A provider account: which wire format it speaks and where; secrets only by environment variable name. */
public record ProviderConfig(int schemaVersion, String id, ProviderSpec spec) implements ConfigEntity {
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public ProviderConfig {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    Require.present(spec, "spec");
  }

  @Override
  public ConfigKind kind() {
    return ConfigKind.PROVIDER;
  }
}
