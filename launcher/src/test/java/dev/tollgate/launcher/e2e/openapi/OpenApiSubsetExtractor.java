package dev.tollgate.launcher.e2e.openapi;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes {@code openai-subset.json}: the response and error schemas of OpenAI's OpenAPI description that the
 * conformance tests validate against, with every schema they reference, as one JSON Schema (draft 2020-12) document
 * whose {@code $defs} hold them.
 *
 * <p>The conversion from OpenAPI 3.x schema objects: {@code #/components/schemas/X} references become
 * {@code #/$defs/X}; {@code nullable: true} becomes a type union with {@code "null"} (and {@code null} joins an
 * {@code enum}), or an {@code anyOf} with {@code {"type": "null"}} where the schema has no {@code type}; OpenAPI 3.0's
 * boolean {@code exclusiveMinimum}/{@code exclusiveMaximum} become numbers; {@code x-*} extensions,
 * {@code discriminator}, {@code example}, {@code xml} and {@code externalDocs} are dropped. Keywords are only
 * rewritten where a schema stands, never inside {@code properties} names, {@code enum} or {@code default} values.
 *
 * <p>Usage: {@code OpenApiSubsetExtractor <openapi.yaml> [<output.json>]}; the output defaults to
 * {@code launcher/src/test/resources/openapi/openai-subset.json} under the working folder. See the README beside
 * the output for how it is run.
 */
public final class OpenApiSubsetExtractor {
  /** The schemas the tests name; everything they reference comes along. */
  public static final List<String> ROOTS = List.of(
      "CreateChatCompletionResponse",
      "CreateChatCompletionStreamResponse",
      "CreateCompletionResponse",
      "CreateEmbeddingResponse",
      "ListModelsResponse",
      "Model",
      "ErrorResponse",
      "Error");

  static final String COMPONENT_PREFIX = "#/components/schemas/";
  static final String DEFS_PREFIX = "#/$defs/";
  static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

  private static final Set<String> DROPPED = Set.of("discriminator", "example", "xml", "externalDocs", "nullable");
  private static final Set<String> SCHEMA_MAPS =
      Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
  private static final Set<String> SCHEMAS = Set.of("additionalProperties", "items", "not", "if", "then", "else",
      "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contentSchema");
  private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
  /** Annotations that stay beside an {@code anyOf} made for a nullable schema without a type. */
  private static final Set<String> OUTER_ANNOTATIONS = Set.of("title", "description", "deprecated", "default");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiSubsetExtractor() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: OpenApiSubsetExtractor <openapi.yaml> [<output.json>]");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    Path target = Path.of(args.length == 2 ? args[1] : "launcher/src/test/resources/openapi/openai-subset.json");
    byte[] yaml = Files.readAllBytes(source);
    ObjectNode subset = extract(parseYaml(new String(yaml, StandardCharsets.UTF_8)), sha256(yaml));
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(target, write(subset), StandardCharsets.UTF_8);
    System.out.println("wrote " + subset.get("$defs").size() + " schemas to " + target);
  }

  /** The subset of {@code openapi} (the parsed description), {@code sourceSha256} naming the file it came from. */
  @SuppressWarnings("unchecked")
  public static ObjectNode extract(Map<String, Object> openapi, String sourceSha256) {
    Map<String, Object> components = (Map<String, Object>) require(openapi, "components", "the description");
    Map<String, Object> schemas = (Map<String, Object>) require(components, "schemas", "components");
    Map<String, Object> info = (Map<String, Object>) require(openapi, "info", "the description");

    Set<String> wanted = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(ROOTS);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (wanted.add(name)) {
        Object schema = require(schemas, name, "components.schemas");
        List<String> refs = new ArrayList<>();
        collectRefs(schema, refs);
        todo.addAll(refs);
      }
    }

    Map<String, JsonNode> converted = new TreeMap<>();
    for (String name : wanted) {
      converted.put(name, convert(schemas.get(name), "#/components/schemas/" + name));
    }
    ObjectNode root = NODES.objectNode();
    root.put("$schema", DRAFT);
    root.put("$comment", "Generated by OpenApiSubsetExtractor (see README.md beside this file) from OpenAI's OpenAPI"
        + " description, openai/openai-openapi, MIT licence: openapi " + openapi.get("openapi")
        + ", info.title '" + info.get("title") + "', info.version " + info.get("version")
        + ", sha256 " + sourceSha256 + ". Roots: " + String.join(", ", ROOTS) + ".");
    ObjectNode defs = root.putObject("$defs");
    converted.forEach(defs::set);
    return root;
  }

  /** Every component name {@code schema} references, failing on a reference that is not to a component schema. */
  @SuppressWarnings("unchecked")
  private static void collectRefs(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if ("$ref".equals(e.getKey())) {
          out.add(componentName(String.valueOf(e.getValue())));
        } else if (!String.valueOf(e.getKey()).startsWith("x-")) {
          collectRefs(e.getValue(), out);
        }
      }
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectRefs(v, out));
    }
  }

  private static String componentName(String ref) {
    if (!ref.startsWith(COMPONENT_PREFIX) || ref.substring(COMPONENT_PREFIX.length()).contains("/")) {
      throw new IllegalStateException("a reference the subset cannot keep local: " + ref);
    }
    return ref.substring(COMPONENT_PREFIX.length());
  }

  /** {@code node}, an OpenAPI schema object at {@code where}, as a JSON Schema 2020-12 schema. */
  static JsonNode convert(Object node, String where) {
    if (node instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw new IllegalStateException("not a schema at " + where + ": " + node);
    }
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      Object value = e.getValue();
      String at = where + "/" + key;
      if (key.startsWith("x-") || DROPPED.contains(key)) {
        continue;
      }
      if (key.equals("$ref")) {
        out.put("$ref", DEFS_PREFIX + componentName(String.valueOf(value)));
      } else if (SCHEMA_MAPS.contains(key)) {
        ObjectNode children = out.putObject(key);
        ((Map<?, ?>) value).forEach((name, child) ->
            children.set(String.valueOf(name), convert(child, at + "/" + name)));
      } else if (SCHEMAS.contains(key) && value instanceof List<?> items) {
        ArrayNode children = out.putArray(key);
        for (int i = 0; i < items.size(); i++) {
          children.add(convert(items.get(i), at + "/" + i));
        }
      } else if (SCHEMAS.contains(key)) {
        out.set(key, convert(value, at));
      } else if (SCHEMA_LISTS.contains(key)) {
        ArrayNode children = out.putArray(key);
        List<?> items = (List<?>) value;
        for (int i = 0; i < items.size(); i++) {
          children.add(convert(items.get(i), at + "/" + i));
        }
      } else {
        out.set(key, JSON.valueToTree(value));
      }
    }
    exclusiveBound(out, "exclusiveMinimum", "minimum");
    exclusiveBound(out, "exclusiveMaximum", "maximum");
    return Boolean.TRUE.equals(map.get("nullable")) ? nullable(out) : out;
  }

  /** OpenAPI 3.0's {@code exclusiveMinimum: true} beside {@code minimum: n} is 2020-12's {@code exclusiveMinimum: n}. */
  private static void exclusiveBound(ObjectNode schema, String exclusive, String bound) {
    JsonNode flag = schema.get(exclusive);
    if (flag != null && flag.isBoolean()) {
      schema.remove(exclusive);
      if (flag.booleanValue() && schema.has(bound)) {
        schema.set(exclusive, schema.remove(bound));
      }
    }
  }

  private static JsonNode nullable(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      schema.set("type", NODES.arrayNode().add(type).add("null"));
      allowNullInEnum(schema);
      return schema;
    }
    if (type != null && type.isArray()) {
      if (!contains((ArrayNode) type, TextNode.valueOf("null"))) {
        ((ArrayNode) type).add("null");
      }
      allowNullInEnum(schema);
      return schema;
    }
    // no type ($ref, anyOf, …): the schema or null
    ObjectNode wrapped = NODES.objectNode();
    for (String annotation : OUTER_ANNOTATIONS) {
      if (schema.has(annotation)) {
        wrapped.set(annotation, schema.remove(annotation));
      }
    }
    wrapped.putArray("anyOf").add(schema).add(NODES.objectNode().put("type", "null"));
    return wrapped;
  }

  private static void allowNullInEnum(ObjectNode schema) {
    JsonNode values = schema.get("enum");
    if (values instanceof ArrayNode array && !contains(array, NODES.nullNode())) {
      array.addNull();
    }
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode item : array) {
      if (item.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static Object require(Map<String, Object> map, String key, String where) {
    Object value = map.get(key);
    if (value == null) {
      throw new IllegalStateException("no " + key + " in " + where);
    }
    return value;
  }

  /** The description as plain maps, lists and scalars, read with YAML 1.2's core schema (no dates, no yes/no). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseYaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    options.setMaxAliasesForCollections(1_000);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new CoreSchema());
    return (Map<String, Object>) yaml.load(text);
  }

  /**
   * YAML 1.2's core schema: unlike SnakeYAML's 1.1 default, {@code 2024-01-01}, {@code yes} and {@code on} stay
   * strings. One departure: a number with a leading zero ({@code 0123}) stays a string too, neither octal (1.1) nor
   * decimal (1.2).
   */
  private static final class CoreSchema extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
      addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789");
      addImplicitResolver(Tag.FLOAT, Pattern.compile(
          "^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"
              + "|^[-+]?\\.(?:inf|Inf|INF)$|^\\.(?:nan|NaN|NAN)$"), "-+0123456789.");
      addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL)$"), "~nN");
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
    }
  }

  /** Two-space indents, {@code "key": value}, a final newline: stable across platforms and runs. */
  static String write(JsonNode node) throws IOException {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    return JSON.writer(printer).writeValueAsString(node) + "\n";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
