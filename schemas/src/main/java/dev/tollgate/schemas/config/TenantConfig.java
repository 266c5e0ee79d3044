package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** A tenant: who pays, with limits shared by all of its keys. */
public record TenantConfig(int schemaVersion, String id, String name, Limits limits, boolean disabled)
    implements ConfigEntity {
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public TenantConfig {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    limits = limits == null ? Limits.UNLIMITED : limits;
  }

  @Override
  public ConfigKind kind() {
    return ConfigKind.TENANT;
  }
}
