package dev.tollgate.edge.usage;

import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageEventWriter;
import java.nio.charset.StandardCharsets;

/**
 * A usage event as it goes to Kafka and to the spool: the record timestamp (when the request finished), and the
 * serialized key (the tenant) and value. Serialized once, off the caller's thread, so a replay sends exactly the bytes
 * that were spooled, with the same timestamp, and needs no JSON at all.
 *
 * <p>The arrays are shared, not copied: nobody changes them after {@link #of}.
 */
record SpoolRecord(long timestamp, byte[] key, byte[] value) {

  SpoolRecord {
    if (key.length > SpoolFrames.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("a key of " + key.length + " bytes does not fit a spool frame");
    }
    if (value.length > SpoolFrames.MAX_PAYLOAD_BYTES - SpoolFrames.MIN_PAYLOAD_BYTES - key.length) {
      throw new IllegalArgumentException("a value of " + value.length + " bytes does not fit a spool frame");
    }
  }

  static SpoolRecord of(UsageEvent event) {
    // the topic's own bytes: a UTF-8 string key, the value as the topic's serde writes it (UsageEventWriter)
    return new SpoolRecord(
        event.finishedAt().toEpochMilli(),
        event.topicKey().getBytes(StandardCharsets.UTF_8),
        UsageEventWriter.write(event));
  }

  /** The event back, for tests and diagnostics. */
  UsageEvent event() {
    return Topics.USAGE.valueSerde().deserializer().deserialize(Topics.USAGE.name(), value);
  }

  /** The tenant, safe to log. */
  String tenant() {
    return new String(key, StandardCharsets.UTF_8);
  }
}
