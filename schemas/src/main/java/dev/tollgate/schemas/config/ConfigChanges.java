package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.util.List;

/**
 * What turns one {@link ConfigSnapshot} into another: the entities to write (new or changed) and the record keys
 * to delete with a tombstone. Entities that did not change appear in neither list.
 *
 * @param upserts new and changed entities, ordered by record key
 * @param deletedKeys record keys ({@code kind/id}) of removed entities, in order
 */
public record ConfigChanges(List<ConfigEntity> upserts, List<String> deletedKeys) {

  /** No change at all. */
  public static final ConfigChanges NONE = new ConfigChanges(List.of(), List.of());

  public ConfigChanges {
    upserts = Require.list(upserts);
    deletedKeys = Require.list(deletedKeys);
    for (ConfigEntity entity : upserts) {
      if (entity instanceof ConfigRevision) {
        throw new IllegalArgumentException("upserts hold configuration entities, not revision markers");
      }
    }
  }

  /**
   * Whether there is nothing to publish.
   *
   * @return true when both lists are empty
   */
  public boolean isEmpty() {
    return upserts.isEmpty() && deletedKeys.isEmpty();
  }
}
