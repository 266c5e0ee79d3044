package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.time.Instant;

/**
 * The last record of every apply: a reader applies the changes it has read only once it sees this marker, so a
 * running service never holds half of a configuration.
 */
public record ConfigRevision(
    int schemaVersion, String id, long revision, Instant appliedAt, String checksum, int entities)
    implements ConfigEntity {
  public static final int CURRENT_SCHEMA_VERSION = 1;
  /** The one id a revision marker has, so the compacted topic keeps only the latest. */
  public static final String ID = "current";

  public ConfigRevision {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1");
    }
    Require.present(appliedAt, "applied_at");
    Require.text(checksum, "checksum");
  }

  @Override
  public ConfigKind kind() {
    return ConfigKind.REVISION;
  }
}
