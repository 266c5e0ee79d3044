package dev.tollgate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class BudgetSettingsTest {

  @Test
  void shouldUseTheDefaultsWhenNothingIsSet() {
    BudgetSettings settings = BudgetSettings.fromEnvironment(Map.of());

    assertEquals(BudgetSettings.defaults(), settings);
    assertEquals(Duration.ofMillis(100), settings.commitInterval());
  }

  @Test
  void shouldReadTheCommitIntervalInMilliseconds() {
    BudgetSettings settings = BudgetSettings.fromEnvironment(Map.of(
        "TOLLGATE_BUDGET_COMMIT_INTERVAL_MS", "25", "TOLLGATE_BUDGET_ROLLOVER_INTERVAL", "250ms"));

    assertEquals(Duration.ofMillis(25), settings.commitInterval());
    assertEquals(Duration.ofMillis(250), settings.rolloverInterval());
    var streams = BudgetService.streamsConfig("localhost:9092", settings, Path.of("state"), 1);
    assertEquals(25L, streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    // an idle stream thread looks for a due commit when its poll returns: a quarter of the interval
    assertEquals(6L, streams.get(StreamsConfig.POLL_MS_CONFIG));
  }

  @Test
  void shouldNameTheVariableThatIsWrong() {
    for (String wrong : new String[] {"0", "fast", "25ms", "60001"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          BudgetSettings.fromEnvironment(Map.of("TOLLGATE_BUDGET_COMMIT_INTERVAL_MS", wrong)));
      assertTrue(e.getMessage().contains("TOLLGATE_BUDGET_COMMIT_INTERVAL_MS"), e.getMessage());
    }
  }
}
