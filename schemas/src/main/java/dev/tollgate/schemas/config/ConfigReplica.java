package dev.tollgate.schemas.config;

import dev.tollgate.schemas.config.ConfigView.Published;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ConfigView} has read of the topic so far, and the rule for when it becomes visible: at a revision
 * marker, and during the first read only once caught up. Compaction may have dropped intermediate states, so
 * revisions met before the end of the first read are not shown; the last one is. Owned by the view's thread.
 */
final class ConfigReplica {
  // The view's logger: what a view has to say about the topic is found under one name.
  private static final Logger LOG = LoggerFactory.getLogger(ConfigView.class);

  /** One record: an entity, a revision marker, or a tombstone ({@code entity} null). */
  record Change(String key, ConfigEntity entity) {}

  private final Map<String, ConfigEntity> entities = new HashMap<>();
  private ConfigRevision pendingRevision;
  private boolean caughtUp;
  private Published ready;

  void accept(Change change) {
    if (change.entity() == null) {
      entities.remove(change.key());
    } else if (change.entity() instanceof ConfigRevision) {
      pendingRevision = (ConfigRevision) change.entity();
      if (caughtUp) {
        assemble();
      }
    } else if (!change.key().equals(change.entity().topicKey())) {
      LOG.warn("skipping config record {}: its value belongs under {}", change.key(), change.entity().topicKey());
    } else {
      entities.put(change.key(), change.entity());
    }
  }

  boolean isCaughtUp() {
    return caughtUp;
  }

  void catchUp() {
    caughtUp = true;
    if (pendingRevision != null) {
      assemble();
    }
  }

  /** The snapshot to swap in, once per revision. */
  Optional<Published> take() {
    Optional<Published> out = Optional.ofNullable(ready);
    ready = null;
    return out;
  }

  private void assemble() {
    ConfigSnapshot snapshot = ConfigSnapshot.of(entities.values());
    if (!snapshot.checksum().equals(pendingRevision.checksum())) {
      LOG.warn("config revision {} does not match its checksum; was the topic written by another version?",
          pendingRevision.revision());
    }
    ready = new Published(snapshot, pendingRevision.revision());
    pendingRevision = null;
  }
}
