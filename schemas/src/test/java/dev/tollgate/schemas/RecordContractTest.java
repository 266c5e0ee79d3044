package dev.tollgate.schemas;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.schemas.RecordSamples.Sample;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.json.JsonSerde;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every record on a topic keeps, checked on every sample of {@link RecordSamples}: it survives the
 * serde, its JSON matches its schema file, unknown fields are ignored, and the schema and the Java reader agree on
 * every field that may be left out, so the files cannot drift from the code.
 */
class RecordContractTest {

  private static final PropertyNamingStrategies.NamingBase SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

  static List<Sample<?>> samples() {
    return RecordSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T> void shouldRoundTripThroughItsSerde(Sample<T> sample) {
    JsonSerde<T> serde = JsonSerde.of(sample.type());

    byte[] bytes = serde.serializer().serialize("topic", sample.value());
    T back = serde.deserializer().deserialize("topic", bytes);

    assertEquals(sample.value(), back);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T> void shouldMatchItsJsonSchema(Sample<T> sample) {
    JsonNode json = written(sample);

    List<String> errors = SchemaFiles.validate(sample.type(), json);

    assertEquals(List.of(), errors, json::toPrettyString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T> void shouldIgnoreUnknownFieldsAtEveryLevel(Sample<T> sample) {
    JsonNode json = written(sample);
    for (RecordObject object : recordObjects(sample.value(), JsonPointer.empty(), "")) {
      ObjectNode node = (ObjectNode) json.at(object.pointer());
      node.put("added_in_a_later_version", "ignored");
      node.putObject("another_later_field").putArray("with").add(1).add("two");
    }

    T read = read(sample, json);

    assertEquals(sample.value(), read);
    assertEquals(List.of(), SchemaFiles.validate(sample.type(), json));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T> void shouldAgreeWithItsSchemaOnEveryFieldLeftOut(Sample<T> sample) {
    JsonNode json = written(sample);
    List<Executable> checks = new ArrayList<>();

    for (RecordObject object : recordObjects(sample.value(), JsonPointer.empty(), "")) {
      for (Iterator<String> fields = json.at(object.pointer()).fieldNames(); fields.hasNext(); ) {
        String field = fields.next();
        checks.add(() -> assertLeavingOutAgrees(sample, json, object, field));
      }
    }

    assertAll(checks);
  }

  private static <T> void assertLeavingOutAgrees(Sample<T> sample, JsonNode json, RecordObject object, String field) {
    String qualified = object.wirePath().isEmpty() ? field : object.wirePath() + "." + field;
    JsonNode without = json.deepCopy();
    ((ObjectNode) without.at(object.pointer())).remove(field);

    boolean schemaAccepts = SchemaFiles.validate(sample.type(), without).isEmpty();
    String javaError = null;
    try {
      read(sample, without);
    } catch (SerializationException e) {
      javaError = e.getMessage();
    }

    assertEquals(schemaAccepts, javaError == null, () -> "without " + qualified + ": schema and reader disagree");
    if (javaError != null) {
      String message = javaError;
      String prefix = sample.type().getSimpleName() + ": " + qualified;
      assertTrue(
          message.startsWith(prefix + " ") || message.startsWith(prefix + ":"),
          () -> "without " + qualified + ": " + message);
    }
  }

  private static <T> JsonNode written(Sample<T> sample) {
    byte[] bytes = JsonSerde.of(sample.type()).serializer().serialize("topic", sample.value());
    return Json.read(bytes, JsonNode.class);
  }

  private static <T> T read(Sample<T> sample, JsonNode json) {
    byte[] bytes = Json.write(json);
    return JsonSerde.of(sample.type()).deserializer().deserialize("topic", bytes);
  }

  /** Where a record sits in the JSON tree, and its field path as error messages spell it. */
  private record RecordObject(JsonPointer pointer, String wirePath) {}

  /** Every JSON object that holds a record in {@code value}; maps and sets hold no records here. */
  private static List<RecordObject> recordObjects(Object value, JsonPointer pointer, String wirePath) {
    List<RecordObject> found = new ArrayList<>();
    if (value instanceof Record) {
      found.add(new RecordObject(pointer, wirePath));
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        String name = SNAKE.translate(component.getName());
        found.addAll(
            recordObjects(
                valueOf(component, value), pointer.appendProperty(name), wirePath.isEmpty() ? name : wirePath + "." + name));
      }
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        found.addAll(recordObjects(list.get(i), pointer.appendIndex(i), wirePath + "[" + i + "]"));
      }
    }
    return found;
  }

  private static Object valueOf(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }
}
