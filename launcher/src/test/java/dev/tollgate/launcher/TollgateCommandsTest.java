package dev.tollgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.VirtualKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line as a user types it: exit codes and what reaches the terminal. */
class TollgateCommandsTest {
  private static final String SHIPPED = "src/main/resources/dev/tollgate/launcher/default-config.yaml";
  private static final String BROKEN = "src/test/resources/config/many-problems.yaml";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void shouldValidateTheShippedConfigurationWithExitCodeZero() {
    int code = run("validate", SHIPPED);

    assertEquals(0, code, err());
    assertTrue(out().contains("valid"), out());
  }

  @Test
  void shouldPrintEveryProblemWithFileAndLineAndExitNonZero() {
    int code = run("validate", BROKEN);

    assertEquals(1, code);
    long located = err().lines().filter(l -> l.matches(".*many-problems\\.yaml:\\d+:\\d+: .*")).count();
    assertTrue(located >= 2, err());
    assertTrue(err().contains("nothing was applied"), err());
  }

  @Test
  void shouldCreateAKeyWhoseHashHashKeyReproduces() {
    run("key", "create", "team-a");
    String key = out().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow().substring(4).trim();
    String hashLine = out().lines().filter(l -> l.contains("secret_hash:")).findFirst().orElseThrow();
    out.reset();

    int code = run("hash-key", key);

    assertEquals(0, code);
    assertEquals(VirtualKey.parse(key).orElseThrow().hash(), out().trim());
    assertTrue(hashLine.endsWith(out().trim()));
  }

  @Test
  void shouldRefuseWhatItDoesNotKnowWithUsageAndExitCodeTwo() {
    assertEquals(2, run("frobnicate"));
    assertEquals(2, run("run", "no-such-service", "--bootstrap", "127.0.0.1:1"));
    assertEquals(2, run("validate", SHIPPED, "--no-such-option", "x"));
    assertEquals(2, run("hash-key", "sk-not-a-tollgate-key"));
    assertTrue(err().contains("usage: ./tollgate"), err());
  }

  @Test
  void shouldNeedABootstrapServerToApply() {
    assertEquals(2, run("apply", SHIPPED));
    assertTrue(err().contains("--bootstrap"), err());
  }

  private int run(String... argv) {
    return Tollgate.run(argv, Map.of(), new Terminal(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
