package dev.tollgate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BrokerChoiceTest {

  @Test
  void shouldPreferAnExistingClusterOverEverythingElse() {
    // Given
    Map<String, String> env = Map.of(
        "TOLLGATE_KAFKA_BOOTSTRAP", "kafka.example:9092",
        "TOLLGATE_KAFKA", "testcontainers",
        "TOLLGATE_TEST_KAFKA_PORT", "29092");

    // When
    BrokerChoice choice = BrokerChoice.from(env);

    // Then
    assertEquals(new BrokerChoice.ExistingCluster("kafka.example:9092"), choice);
  }

  @Test
  void shouldUseTestcontainersOnlyWhenAskedFor() {
    // Given
    Map<String, String> env = Map.of("TOLLGATE_KAFKA", "testcontainers");

    // When
    BrokerChoice choice = BrokerChoice.from(env);

    // Then
    assertEquals(new BrokerChoice.Container(), choice);
  }

  @Test
  void shouldRunInProcessOnRandomPortsByDefault() {
    // Given
    Map<String, String> env = Map.of();

    // When
    BrokerChoice choice = BrokerChoice.from(env);

    // Then
    assertEquals(new BrokerChoice.InProcess(OptionalInt.empty()), choice);
  }

  @Test
  void shouldRunInProcessOnTheFixedPortWhenOneIsGiven() {
    // Given
    Map<String, String> env = Map.of("TOLLGATE_TEST_KAFKA_PORT", "29092");

    // When
    BrokerChoice choice = BrokerChoice.from(env);

    // Then
    assertEquals(new BrokerChoice.InProcess(OptionalInt.of(29092)), choice);
  }

  @Test
  void shouldRejectAnUnknownMode() {
    // Given
    Map<String, String> env = Map.of("TOLLGATE_KAFKA", "docker");

    // When
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BrokerChoice.from(env));

    // Then
    assertEquals("TOLLGATE_KAFKA may only be 'testcontainers' (or unset), was 'docker'", error.getMessage());
  }
}
