package dev.tollgate.schemas.json;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} that writes and reads one record type as JSON with {@link Json}'s mapper. The same instance
 * serves producers, consumers and Kafka Streams ({@code Consumed.with(keySerde, serde)}); it holds no state and is
 * safe to share between threads.
 *
 * <p>A null value is a tombstone both ways: null serializes to null bytes and null bytes deserialize to null, so
 * compacted topics can delete keys. A payload that cannot be read fails with a {@link SerializationException}
 * naming the type and the field, for example {@code UsageEvent: request_id is required}.
 *
 * @param <T> the record type, or a polymorphic interface such as {@code ConfigEntity}
 */
public final class JsonSerde<T> implements Serde<T> {

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    this.reader = Json.mapper().readerFor(type);
    // writing for the declared type keeps the type property of polymorphic interfaces such as ConfigEntity
    this.writer = Json.mapper().writerFor(type);
  }

  /**
   * A serde for {@code type}.
   *
   * @param type the class of the values
   * @param <T> the type of the values
   * @return a serde, cheap to keep in a constant
   */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  /**
   * The class of the values this serde writes and reads.
   *
   * @return the value class
   */
  public Class<T> type() {
    return type;
  }

  /** {@inheritDoc} */
  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write(value);
  }

  /** {@inheritDoc} */
  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private byte[] write(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw JsonErrors.onWrite(type, e);
    }
  }

  private T read(byte[] bytes) {
    try {
      return reader.readValue(bytes);
    } catch (IOException e) {
      throw JsonErrors.onRead(type, e);
    }
  }

  @Override
  public String toString() {
    return "JsonSerde[" + type.getSimpleName() + "]";
  }
}
