package dev.tollgate.launcher.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  @Test
  void shouldDefaultToALoopbackBrokerInDataKafka() {
    // Given / When
    BrokerSettings settings = BrokerSettings.defaults();

    // Then
    assertEquals(new BrokerSettings(Path.of("data", "kafka"), "127.0.0.1", 9092, 9093, "-Xmx384m"), settings);
    assertEquals("127.0.0.1:9092", settings.bootstrapServers());
  }

  @Test
  void shouldPutTheControllerOnTheNextPort() {
    // Given
    BrokerSettings settings = BrokerSettings.defaults();

    // When
    BrokerSettings moved = settings.withPort(19092);

    // Then
    assertEquals(19092, moved.port());
    assertEquals(19093, moved.controllerPort());
  }

  @Test
  void shouldRejectAHeapThatIsNotAnXmxOption() {
    // Given
    Path dataDir = Path.of("data", "kafka");

    // When
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new BrokerSettings(dataDir, "127.0.0.1", 9092, 9093, "384m"));

    // Then
    assertEquals("the broker heap must look like -Xmx384m, was '384m'", error.getMessage());
  }

  @Test
  void shouldRejectTheSamePortForBrokerAndController() {
    // Given
    Path dataDir = Path.of("data", "kafka");

    // When
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new BrokerSettings(dataDir, "127.0.0.1", 9092, 9092, "-Xmx384m"));

    // Then
    assertEquals("the Kafka port and the controller port must differ, both are 9092", error.getMessage());
  }
}
