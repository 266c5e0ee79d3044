package dev.tollgate.launcher.e2e.openapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against the schemas of OpenAI's OpenAPI description, as {@code openapi/openai-subset.json} (see the
 * README beside it) holds them. Every reference is local to that document: nothing is fetched.
 *
 * <p>{@code format} is asserted for the formats JSON Schema defines (a {@code shutdown_date} must be a date, an
 * annotation's {@code url} a URI); OpenAI's own ({@code unixtime}, {@code float}) are annotations only.
 */
public final class OpenApiSchemas {
  /** The classpath resource the schemas are read from. */
  public static final String RESOURCE = "/openapi/openai-subset.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final OpenApiSchemas INSTANCE = new OpenApiSchemas(load());

  private final ObjectNode document;
  private final Set<String> names;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  private OpenApiSchemas(ObjectNode document) {
    this.document = document;
    this.names = new TreeSet<>();
    document.get("$defs").fieldNames().forEachRemaining(names::add);
    // the draft's meta-schemas are built in; any other URI would be a remote fetch, which must not happen
    this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
        builder -> builder.schemaLoaders(loaders -> loaders.values(list -> list.add(0, DisallowSchemaLoader.getInstance()))));
    this.config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build();
  }

  /** The schemas, loaded once. */
  public static OpenApiSchemas get() {
    return INSTANCE;
  }

  /** The problems of {@code json} against the component schema {@code schemaName}; empty when it conforms. */
  public static List<String> validate(String schemaName, String json) {
    return INSTANCE.problems(schemaName, json);
  }

  /** Fails with every problem, the schema's name and the JSON when {@code json} does not conform. */
  public static void assertValid(String schemaName, String json) {
    List<String> problems = validate(schemaName, json);
    if (!problems.isEmpty()) {
      throw new AssertionError(json + "\ndoes not conform to OpenAI's " + schemaName + ":\n  "
          + String.join("\n  ", problems));
    }
  }

  /** The names of the schemas the subset holds. */
  public Set<String> names() {
    return names;
  }

  List<String> problems(String schemaName, String json) {
    JsonSchema schema = compiled.computeIfAbsent(schemaName, this::compile);
    JsonNode instance;
    try {
      instance = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return List.of("not JSON: " + e.getOriginalMessage());
    }
    if (instance == null || instance.isMissingNode()) {
      return List.of("not JSON: empty");
    }
    return schema.validate(instance).stream()
        .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
            .thenComparing(m -> m.getSchemaLocation().toString()))
        .map(OpenApiSchemas::describe)
        .toList();
  }

  /** {@code $.instance.path: what is wrong (schema: #/$defs/the/failing/keyword)}. */
  private static String describe(ValidationMessage message) {
    return message.getMessage() + " (schema: " + message.getSchemaLocation() + ")";
  }

  private JsonSchema compile(String schemaName) {
    if (!names.contains(schemaName)) {
      throw new IllegalArgumentException("no schema " + schemaName + " in " + RESOURCE + "; it has " + names);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", document.get("$schema").asText());
    root.put("$ref", OpenApiSubsetExtractor.DEFS_PREFIX + schemaName);
    root.set("$defs", document.get("$defs"));
    return factory.getSchema(root, config);
  }

  private static ObjectNode load() {
    try (InputStream in = OpenApiSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
