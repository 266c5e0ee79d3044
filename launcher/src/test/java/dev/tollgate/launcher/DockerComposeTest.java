package dev.tollgate.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml cannot run here (no Docker engine), so its contract with the launcher is checked instead. */
class DockerComposeTest {
  private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parseCompose() throws IOException {
    try (Reader reader = Files.newBufferedReader(COMPOSE)) {
      Map<String, Object> root = new Yaml(new LoaderOptions()).load(reader);
      services = (Map<String, Map<String, Object>>) root.get("services");
    }
  }

  @Test
  void shouldRunEveryServiceOfThisBuildInItsOwnContainer() {
    Set<String> runInCompose = new TreeSet<>();
    tollgateServices().forEach((name, service) -> {
      List<String> command = command(service);
      if (command.get(0).equals("run")) {
        runInCompose.add(command.get(1));
      }
    });

    assertEquals(new TreeSet<>(ServiceCatalog.names()), runInCompose);
  }

  @Test
  void shouldUseOnlyCommandsAndVariablesTheLauncherAccepts() {
    tollgateServices().forEach((name, service) -> {
      List<String> command = command(service);
      Map<String, String> env = environment(service);
      env.keySet().forEach(variable -> assertTrue(Option.byEnv(variable).isPresent(),
          name + ": the launcher reads no variable " + variable));

      Args args = assertDoesNotThrow(() -> Args.parse(command.toArray(String[]::new), env), name);
      assertTrue(Tollgate.command(args.positional()).isPresent(), name + ": unknown command " + command);
      if (command.get(0).equals("run")) {
        assertTrue(ServiceCatalog.byName(command.get(1)).isPresent(), name + ": no service " + command.get(1));
        assertTrue(args.get(Option.BOOTSTRAP).isPresent(), name + ": runs without a bootstrap server");
      }
    });
  }

  @Test
  void shouldStartTheServicesOnlyAfterAKraftBroker() {
    Map<String, String> kafka = environment(services.get("kafka"));

    assertEquals("broker,controller", kafka.get("KAFKA_PROCESS_ROLES"));
    assertFalse(tollgateServices().isEmpty());
    tollgateServices().forEach((name, service) ->
        assertTrue(String.valueOf(service.get("depends_on")).contains("kafka"), name + " does not wait for kafka"));
  }

  private static Map<String, Map<String, Object>> tollgateServices() {
    Map<String, Map<String, Object>> ours = new HashMap<>(services);
    ours.remove("kafka");
    return ours;
  }

  @SuppressWarnings("unchecked")
  private static List<String> command(Map<String, Object> service) {
    return (List<String>) service.get("command");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, Object> raw = (Map<String, Object>) service.getOrDefault("environment", Map.of());
    Map<String, String> env = new HashMap<>();
    raw.forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}
