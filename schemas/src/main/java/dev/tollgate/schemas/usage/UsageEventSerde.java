package dev.tollgate.schemas.usage;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@code tollgate.usage}: one event per request is written by every edge and read by metering and
 * routing, so both directions skip the generic mapper ({@link UsageEventWriter}, {@link UsageEventReader}) while
 * giving its exact bytes and records. A null value is a tombstone both ways, as with the other topics' serdes.
 */
public final class UsageEventSerde implements Serde<UsageEvent> {

  /** {@inheritDoc} */
  @Override
  public Serializer<UsageEvent> serializer() {
    return (topic, event) -> event == null ? null : UsageEventWriter.write(event);
  }

  /** {@inheritDoc} */
  @Override
  public Deserializer<UsageEvent> deserializer() {
    return UsageEventReader.deserializer();
  }
}
