package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A virtual key. Only the hash of its secret is ever stored or published ({@code sha256:<64 hex>}); the key
 * itself is shown once, when it is created.
 */
public record KeyConfig(
    int schemaVersion,
    String id,
    String tenant,
    String secretHash,
    String name,
    Set<Scope> scopes,
    List<String> models,
    Limits limits,
    Instant expiresAt,
    boolean disabled)
    implements ConfigEntity {
  public static final int CURRENT_SCHEMA_VERSION = 1;
  /** The only hash format accepted. */
  public static final Pattern SECRET_HASH = Pattern.compile("sha256:[0-9a-f]{64}");

  public KeyConfig {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    Require.text(tenant, "tenant");
    if (secretHash == null || !SECRET_HASH.matcher(secretHash).matches()) {
      throw new IllegalArgumentException("secret_hash is required and must look like sha256:<64 hex digits>");
    }
    scopes = Require.set(scopes);
    models = Require.list(models);
    limits = limits == null ? Limits.UNLIMITED : limits;
  }

  @Override
  public ConfigKind kind() {
    return ConfigKind.KEY;
  }

  /** Whether this key may use the model alias {@code alias}: an empty list or {@code *} allows every model. */
  public boolean allowsModel(String alias) {
    return models.isEmpty() || models.contains("*") || models.contains(alias);
  }
}
