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
 * revisions met before the end of the first read are not shown; the last one is, as it stood at its marker.
 *
 * <p>Records read after the last marker are held apart until the next one: they may be committed (written by a
 * writer that did not end with a marker, or by an apply whose marker is still to come) yet belong to no revision,
 * so the snapshot put in force at catch-up must not include them. Owned by the view's thread.
 */
final class ConfigReplica {
  // The view's logger: what a view has to say about the topic is found under one name.
  private static final Logger LOG = LoggerFactory.getLogger(ConfigView.class);

  /** One record: an entity, a revision marker, or a tombstone ({@code entity} null). */
  record Change(String key, ConfigEntity entity) {}

  /** The entities as of the last marker read. */
  private final Map<String, ConfigEntity> marked = new HashMap<>();
  /** The entities and tombstones read since, by key: the latest of each. */
  private final Map<String, Change> unmarked = new HashMap<>();
  private ConfigRevision pendingRevision;
  private boolean caughtUp;
  private Published ready;

  void accept(Change change) {
    if (change.entity() instanceof ConfigRevision revision) {
      mark(revision);
    } else if (change.entity() != null && !change.key().equals(change.entity().topicKey())) {
      LOG.warn("skipping config record {}: its value belongs under {}", change.key(), change.entity().topicKey());
    } else {
      unmarked.put(change.key(), change);
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

  /** Makes what was read since the last marker part of {@code revision}, and shows it once caught up. */
  private void mark(ConfigRevision revision) {
    for (Change change : unmarked.values()) {
      if (change.entity() == null) {
        marked.remove(change.key());
      } else {
        marked.put(change.key(), change.entity());
      }
    }
    unmarked.clear();
    pendingRevision = revision;
    if (caughtUp) {
      assemble();
    }
  }

  private void assemble() {
    ConfigSnapshot snapshot = ConfigSnapshot.of(marked.values());
    if (!snapshot.checksum().equals(pendingRevision.checksum())) {
      LOG.warn("config revision {} does not match its checksum; was the topic written by another version?",
          pendingRevision.revision());
    }
    ready = new Published(snapshot, pendingRevision.revision());
    pendingRevision = null;
  }
}
