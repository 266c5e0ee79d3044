package dev.tollgate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSON Schema files under {@code src/main/resources/schemas}, loaded with the networknt validator (draft
 * 2020-12, formats asserted). Their {@code $id}s live under {@link #BASE_URI}, which is mapped to the classpath, so
 * cross-file {@code $ref}s resolve without a network.
 */
public final class SchemaFiles {

  /** The prefix of every schema's {@code $id}. */
  public static final String BASE_URI = "https://tollgate.dev/schemas/";

  /** The file of definitions shared by the others; it describes no topic value. */
  public static final String COMMON = "common.schema.json";

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:schemas/")));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private SchemaFiles() {}

  /**
   * The schema file of a topic value type: its simple name in snake_case, e.g. {@code usage_event.schema.json}.
   *
   * @param type a topic value type
   * @return the file name
   */
  public static String fileName(Class<?> type) {
    return new PropertyNamingStrategies.SnakeCaseStrategy().translate(type.getSimpleName()) + ".schema.json";
  }

  /**
   * Validates {@code json} against the schema of {@code type}.
   *
   * @param type a topic value type
   * @param json the JSON to check
   * @return the validator's messages; empty when valid
   */
  public static List<String> validate(Class<?> type, JsonNode json) {
    JsonSchema schema =
        SCHEMAS.computeIfAbsent(
            fileName(type), file -> FACTORY.getSchema(SchemaLocation.of(BASE_URI + file), CONFIG));
    return schema.validate(json).stream().map(ValidationMessage::toString).sorted().collect(Collectors.toList());
  }

  /**
   * A schema file as a JSON tree, to inspect rather than to validate with.
   *
   * @param fileName a file name under {@code schemas/}
   * @return the parsed file
   */
  public static JsonNode raw(String fileName) {
    try (InputStream in = SchemaFiles.class.getResourceAsStream("/schemas/" + fileName)) {
      if (in == null) {
        throw new IllegalArgumentException("no schema file " + fileName);
      }
      return PLAIN.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether a schema file exists.
   *
   * @param fileName a file name under {@code schemas/}
   * @return true if it is on the classpath
   */
  public static boolean exists(String fileName) {
    return SchemaFiles.class.getResource("/schemas/" + fileName) != null;
  }

  /**
   * Every schema file, read from the build's output folder.
   *
   * @return the file names, sorted
   */
  public static List<String> fileNames() {
    URL folder = SchemaFiles.class.getResource("/schemas");
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
