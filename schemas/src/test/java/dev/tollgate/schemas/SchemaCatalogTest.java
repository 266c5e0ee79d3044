package dev.tollgate.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the schema files and the catalog in step with the code: every topic value type has samples and a schema
 * file, every file belongs to a topic, and every record field, enum constant and polymorphic subtype reachable from
 * a topic value appears in its schema with a matching JSON type.
 */
class SchemaCatalogTest {

  private static final PropertyNamingStrategies.NamingBase SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();
  private static final String MONEY_PATTERN = "^-?\\d+(\\.\\d+)?$";

  @Test
  void shouldHaveSamplesAndASchemaFileForEveryTopicValueType() {
    Set<Class<?>> valueTypes = valueTypes();

    Set<Class<?>> sampled = RecordSamples.types();

    assertEquals(valueTypes, sampled, "value types with samples");
    for (Class<?> type : valueTypes) {
      assertTrue(SchemaFiles.exists(SchemaFiles.fileName(type)), "no schema file for " + type.getSimpleName());
    }
  }

  @Test
  void shouldHaveNoSchemaFileWithoutATopic() {
    Set<String> expected = valueTypes().stream().map(SchemaFiles::fileName).collect(Collectors.toSet());
    expected.add(SchemaFiles.COMMON);

    Set<String> files = new TreeSet<>(SchemaFiles.fileNames());

    assertEquals(new TreeSet<>(expected), files);
  }

  @Test
  void shouldDeclareDraft202012AndAnIdUnderTheBaseUri() {
    for (String file : SchemaFiles.fileNames()) {
      JsonNode schema = SchemaFiles.raw(file);

      assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), file);
      assertEquals(SchemaFiles.BASE_URI + file, schema.path("$id").asText(), file);
    }
  }

  @Test
  void shouldDescribeEveryFieldEnumAndSubtypeReachableFromATopic() {
    List<String> problems = new ArrayList<>();

    for (Class<?> type : valueTypes()) {
      String file = SchemaFiles.fileName(type);
      check(type, new Node(file, SchemaFiles.raw(file)), type.getSimpleName(), problems);
    }

    assertEquals(List.of(), problems);
  }

  private static Set<Class<?>> valueTypes() {
    // dead-letter topics carry raw bytes, not JSON of a schema
    return Topics.all().stream().map(Topic::valueType).filter(t -> t != byte[].class).collect(Collectors.toSet());
  }

  /** A schema node and the file it sits in, so that local {@code $ref}s resolve. */
  private record Node(String file, JsonNode json) {}

  private static void check(Type type, Node node, String path, List<String> problems) {
    Node schema = nullableBranchOf(deref(node));
    Class<?> raw = rawClass(type);
    if (raw.isRecord()) {
      checkRecord(raw, schema, path, problems, Set.of());
    } else if (raw.isInterface() && raw.isAnnotationPresent(JsonSubTypes.class)) {
      checkSubtypes(raw, schema, path, problems);
    } else if (raw.isEnum()) {
      checkEnum(raw, schema, path, problems);
    } else if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
      expectType(schema, "array", path, problems);
      check(typeArgument(type, 0), new Node(schema.file(), schema.json().path("items")), path + "[]", problems);
    } else if (Map.class.isAssignableFrom(raw)) {
      expectType(schema, "object", path, problems);
    } else {
      checkScalar(raw, schema, path, problems);
    }
  }

  private static void checkRecord(Class<?> type, Node schema, String path, List<String> problems, Set<String> extra) {
    JsonNode properties = schema.json().path("properties");
    if (!schema.json().path("additionalProperties").asBoolean(false)) {
      problems.add(path + ": additionalProperties must be true");
    }
    Set<String> components = new TreeSet<>(extra);
    for (RecordComponent component : type.getRecordComponents()) {
      String wire = SNAKE.translate(component.getName());
      components.add(wire);
      if (!properties.has(wire)) {
        problems.add(path + "." + wire + ": missing from the schema");
      } else {
        check(component.getGenericType(), new Node(schema.file(), properties.get(wire)), path + "." + wire, problems);
      }
    }
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!components.contains(name)) {
        problems.add(path + "." + name + ": in the schema but not in " + type.getSimpleName());
      }
    }
  }

  /** A polymorphic interface: a {@code oneOf} with one branch per subtype, told apart by a {@code const}. */
  private static void checkSubtypes(Class<?> type, Node schema, String path, List<String> problems) {
    String property = type.getAnnotation(JsonTypeInfo.class).property();
    JsonSubTypes.Type[] subtypes = type.getAnnotation(JsonSubTypes.class).value();
    JsonNode branches = schema.json().path("oneOf");
    if (branches.size() != subtypes.length) {
      problems.add(path + ": oneOf has " + branches.size() + " branches for " + subtypes.length + " subtypes");
    }
    for (JsonSubTypes.Type subtype : subtypes) {
      Node branch = branchFor(schema, branches, property, subtype.name());
      if (branch == null) {
        problems.add(path + ": no oneOf branch with " + property + " = " + subtype.name());
      } else {
        checkRecord(subtype.value(), branch, path + "<" + subtype.name() + ">", problems, Set.of(property));
      }
    }
  }

  private static Node branchFor(Node schema, JsonNode branches, String property, String name) {
    for (JsonNode branch : branches) {
      Node resolved = deref(new Node(schema.file(), branch));
      if (name.equals(resolved.json().path("properties").path(property).path("const").asText(null))) {
        return resolved;
      }
    }
    return null;
  }

  private static void checkEnum(Class<?> type, Node schema, String path, List<String> problems) {
    Set<String> expected =
        Arrays.stream(type.getEnumConstants())
            .map(c -> Json.wire((Enum<?>) c))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual = new TreeSet<>();
    schema.json().path("enum").forEach(value -> actual.add(value.asText()));
    if (!expected.equals(actual)) {
      problems.add(path + ": enum " + actual + " but " + type.getSimpleName() + " has " + expected);
    }
  }

  /** Instants must be date-times and decimals must carry the money pattern, since both travel as strings. */
  private static void checkScalar(Class<?> raw, Node schema, String path, List<String> problems) {
    expectType(schema, scalarType(raw), path, problems);
    String format = schema.json().path("format").asText("");
    String expectedFormat = raw == Instant.class ? "date-time" : "";
    if (!format.equals(expectedFormat)) {
      problems.add(path + ": format '" + format + "' but the code writes '" + expectedFormat + "'");
    }
    if (raw == BigDecimal.class && !MONEY_PATTERN.equals(schema.json().path("pattern").asText())) {
      problems.add(path + ": a decimal needs the pattern " + MONEY_PATTERN);
    }
  }

  private static void expectType(Node schema, String expected, String path, List<String> problems) {
    JsonNode type = schema.json().path("type");
    Set<String> types = new TreeSet<>();
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    if (!types.contains(expected)) {
      problems.add(path + ": type " + types + " but the code writes " + expected);
    }
  }

  private static String scalarType(Class<?> raw) {
    if (raw == String.class || raw == Instant.class || raw == BigDecimal.class) {
      return "string";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    }
    if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
      return "integer";
    }
    throw new IllegalArgumentException("no JSON type known for " + raw);
  }

  /** Follows {@code $ref}s, within a file ({@code #/$defs/x}) or to another ({@code file.schema.json#/$defs/x}). */
  private static Node deref(Node node) {
    Node current = node;
    while (current.json().has("$ref")) {
      String ref = current.json().get("$ref").asText();
      int hash = ref.indexOf('#');
      String file = hash == 0 ? current.file() : (hash < 0 ? ref : ref.substring(0, hash));
      String pointer = hash < 0 ? "" : ref.substring(hash + 1);
      current = new Node(file, SchemaFiles.raw(file).at(pointer));
    }
    return current;
  }

  /** The non-null branch of {@code anyOf: [X, {type: null}]}, the shape of an optional object or enum. */
  private static Node nullableBranchOf(Node node) {
    JsonNode anyOf = node.json().path("anyOf");
    if (anyOf.size() != 2) {
      return node;
    }
    Collection<JsonNode> nonNull = new ArrayList<>();
    anyOf.forEach(b -> {
      if (!"null".equals(b.path("type").asText())) {
        nonNull.add(b);
      }
    });
    return nonNull.size() == 1 ? deref(new Node(node.file(), nonNull.iterator().next())) : node;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class) {
      return (Class<?>) type;
    }
    return (Class<?>) ((ParameterizedType) type).getRawType();
  }

  private static Type typeArgument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }
}
