package dev.tollgate.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteringConfigTest {

  @Test
  void shouldUseTheDefaultsAndNoUsageApiWithoutAnAdminToken() {
    MeteringConfig config = MeteringConfig.fromEnvironment(env(Map.of()));

    assertEquals("localhost:9092", config.bootstrapServers());
    assertEquals(Path.of("data/metering"), config.stateDir());
    assertEquals(MeteringSettings.defaults(), config.settings());
    assertEquals(MeteringConfig.DEFAULT_COMMIT_INTERVAL, config.commitInterval());
    assertTrue(config.api().isEmpty());
  }

  @Test
  void shouldReadEverySettingFromTheEnvironment() {
    MeteringConfig config = MeteringConfig.fromEnvironment(env(Map.of(
        "TOLLGATE_BOOTSTRAP", "kafka:9092",
        "TOLLGATE_METERING_APPLICATION_ID", "metering-eu",
        "TOLLGATE_METERING_STATE_DIR", "/var/lib/metering",
        "TOLLGATE_METERING_ROLLUP_GRACE", "PT1H",
        "TOLLGATE_METERING_COMMIT_INTERVAL_MS", "250",
        "TOLLGATE_METERING_API_HOST", "0.0.0.0",
        "TOLLGATE_METERING_API_PORT", "9090",
        "TOLLGATE_METERING_API_ADVERTISED_HOST", "metering-1",
        "TOLLGATE_METERING_ADMIN_TOKEN_ENV", "FINANCE_TOKEN",
        "FINANCE_TOKEN", "s3cret")));

    assertEquals("kafka:9092", config.bootstrapServers());
    assertEquals("metering-eu", config.settings().applicationId());
    assertEquals(Path.of("/var/lib/metering"), config.stateDir());
    assertEquals(Duration.ofHours(1), config.settings().rollupGrace());
    assertEquals(Duration.ofMillis(250), config.commitInterval());
    assertEquals("0.0.0.0", config.api().orElseThrow().host());
    assertEquals(9090, config.api().orElseThrow().port());
    assertEquals("metering-1", config.api().orElseThrow().advertisedHost());
    assertTrue(config.api().orElseThrow().credential().accepts("Bearer s3cret"));
  }

  @Test
  void shouldNameTheVariableThatIsWrongWithoutShowingTheToken() {
    IllegalArgumentException grace = assertThrows(IllegalArgumentException.class, () ->
        MeteringConfig.fromEnvironment(env(Map.of("TOLLGATE_METERING_ROLLUP_GRACE", "6h"))));
    IllegalArgumentException commit = assertThrows(IllegalArgumentException.class, () ->
        MeteringConfig.fromEnvironment(env(Map.of("TOLLGATE_METERING_COMMIT_INTERVAL_MS", "0"))));
    IllegalArgumentException token = assertThrows(IllegalArgumentException.class, () ->
        MeteringConfig.fromEnvironment(env(Map.of("TOLLGATE_ADMIN_TOKEN", "sha256:abc-s3cret"))));

    assertTrue(grace.getMessage().contains("TOLLGATE_METERING_ROLLUP_GRACE"));
    assertTrue(commit.getMessage().contains("TOLLGATE_METERING_COMMIT_INTERVAL_MS"));
    assertTrue(token.getMessage().contains("TOLLGATE_ADMIN_TOKEN"));
    assertFalse(token.getMessage().contains("s3cret"));
  }

  private static java.util.function.Function<String, Optional<String>> env(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }
}
