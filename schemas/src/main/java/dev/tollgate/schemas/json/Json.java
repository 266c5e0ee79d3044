package dev.tollgate.schemas.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one JSON configuration for every record that crosses a topic, so that the wire shape is fixed here and not by
 * annotations scattered over the records.
 *
 * <p>The wire rules:
 *
 * <ul>
 *   <li>property names are {@code snake_case} ({@code requestId} is {@code request_id});
 *   <li>{@link java.time.Instant}s are ISO-8601 strings in UTC ({@code 2026-03-01T12:00:00.250Z});
 *   <li>{@link BigDecimal}s are JSON strings in plain notation ({@code "0.00000015"}, never {@code 1.5E-7}), so no
 *       reader turns a price into a binary float;
 *   <li>enum constants are their lower-case names ({@code CLIENT_CANCELLED} is {@code client_cancelled}), see
 *       {@link #wire(Enum)}; reading ignores case;
 *   <li>unknown properties are ignored, so a reader tolerates fields added by a newer producer;
 *   <li>a primitive property ({@code int}, {@code long}, {@code boolean}) of a record must be present and not
 *       null: a record has no way to tell an absent number from zero, and a silent zero in a token count or a
 *       cost is a billing error. Fields added within a schema version are therefore nullable boxed types;
 *   <li>a JSON number with a fraction is never truncated into an integer field;
 *   <li>map entries are written sorted by key, so equal values give equal bytes.
 * </ul>
 *
 * <p>Reading and writing fail with Kafka's {@link SerializationException}, whose message names the type and the
 * field, for example {@code UsageEvent: request_id is required} or {@code RouteTable: candidates[0].weight must be
 * >= 0}.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .withConfigOverride(
              BigDecimal.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .annotationIntrospector(new PrimitivesRequired())
          .build();

  private Json() {}

  /**
   * The shared mapper. Use it as it is: {@link ObjectMapper#copy()} it before changing anything, or the wire
   * format changes for every service in the process.
   *
   * @return the configured mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads one value.
   *
   * @param bytes UTF-8 JSON
   * @param type the record type to read, or a polymorphic interface such as {@code ConfigEntity}
   * @param <T> the type read
   * @return the value, validated by its constructor
   * @throws SerializationException naming the type and the field when the JSON is malformed, a required field is
   *     missing or a value is invalid
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw JsonErrors.onRead(type, e);
    }
  }

  /**
   * Writes one value as UTF-8 JSON, with type information when {@code value}'s class is a subtype of a
   * polymorphic interface.
   *
   * @param value the value to write
   * @return UTF-8 JSON
   * @throws SerializationException when the value cannot be written
   */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw JsonErrors.onWrite(value.getClass(), e);
    }
  }

  /**
   * The string an enum constant has on the wire, the same the mapper writes; used where a constant becomes part of
   * a record key.
   *
   * @param constant an enum constant
   * @return its lower-case name, for example {@code client_cancelled}
   */
  public static String wire(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** Marks every primitive record component as required, so an absent number is an error and not a zero. */
  private static final class PrimitivesRequired extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasRequiredMarker(AnnotatedMember member) {
      if (member instanceof AnnotatedParameter
          && member.getRawType().isPrimitive()
          && member.getDeclaringClass().isRecord()) {
        return Boolean.TRUE;
      }
      return super.hasRequiredMarker(member);
    }
  }
}
