package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the declarative configuration file ({@code tollgate.yaml}) into a {@link ConfigSnapshot}, or into the
 * complete list of what is wrong with it, each problem with its line and column.
 *
 * <p>The file is parsed with SnakeYAML's node API, which keeps every value's position and its text as written:
 * numbers such as prices are read from that text as exact decimals, never through a {@code double}.
 */
public final class ConfigLoader {
  /** The classpath resource of the configuration {@code up} ships: a simulator behind three models. */
  public static final String DEFAULT_CONFIG_RESOURCE = "/dev/tollgate/launcher/default-config.yaml";

  private ConfigLoader() {}

  /**
   * Loads a configuration file.
   *
   * @param file the YAML file; problems name it as given
   * @return the snapshot, or every problem found
   */
  public static LoadResult load(Path file) {
    String name = file.toString();
    try {
      return parse(name, Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return LoadResult.invalid(List.of(new ConfigProblem(name, 0, 0, "", "no such file", "a YAML file")));
    } catch (IOException e) {
      return LoadResult.invalid(List.of(new ConfigProblem(name, 0, 0, "", "cannot read the file: " + e, null)));
    }
  }

  /**
   * Loads the configuration {@code up} ships with.
   *
   * @return the snapshot of the shipped file, which always validates
   */
  public static LoadResult loadDefault() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the launcher jar has no " + DEFAULT_CONFIG_RESOURCE);
      }
      return parse("default-config.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_CONFIG_RESOURCE, e);
    }
  }

  /**
   * Loads configuration text.
   *
   * @param fileName the name problems are reported against
   * @param yaml the file's content
   * @return the snapshot, or every problem found
   */
  public static LoadResult parse(String fileName, String yaml) {
    Problems problems = new Problems(fileName);
    Node root = compose(new StringReader(yaml), problems);
    if (!problems.isEmpty()) {
      return LoadResult.invalid(problems.sorted());
    }
    List<ConfigEntity> entities = ConfigValidator.validate(root, problems);
    if (!problems.isEmpty()) {
      return LoadResult.invalid(problems.sorted());
    }
    return LoadResult.valid(ConfigSnapshot.of(entities));
  }

  private static Node compose(Reader reader, Problems problems) {
    try {
      return new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(at, "", "invalid YAML: " + syntaxMessage(e), null);
    } catch (YAMLException e) {
      problems.addForFile("invalid YAML: " + e.getMessage(), null);
    }
    return null;
  }

  /** "could not find expected ':' (while scanning a simple key on line 3)": the problem, then its context. */
  private static String syntaxMessage(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
    if (e.getContext() == null || e.getProblem() == null) {
      return problem;
    }
    String where = e.getContextMark() == null ? "" : " on line " + (e.getContextMark().getLine() + 1);
    return problem + " (" + e.getContext() + where + ")";
  }
}
