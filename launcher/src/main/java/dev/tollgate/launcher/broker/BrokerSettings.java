package dev.tollgate.launcher.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@code tollgate up} runs its Kafka broker.
 *
 * @param dataDir the broker's folder: its config, its log ({@code broker.log}) and its data, which survives restarts
 * @param host the only address the broker listens on
 * @param port the port clients connect to
 * @param controllerPort the KRaft controller's port
 * @param heap the child JVM's maximum heap, as a {@code -Xmx} option
 */
public record BrokerSettings(Path dataDir, String host, int port, int controllerPort, String heap) {

  /** {@code ./data/kafka}, relative to where {@code tollgate up} runs. */
  public static final Path DEFAULT_DATA_DIR = Path.of("data", "kafka");
  /** Loopback only: the development broker is never reachable from the network. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Kafka's usual client port. */
  public static final int DEFAULT_PORT = 9092;
  /** The port after {@link #DEFAULT_PORT}. */
  public static final int DEFAULT_CONTROLLER_PORT = 9093;
  /** Enough for a development broker; measured peak use is well below it. */
  public static final String DEFAULT_HEAP = "-Xmx384m";

  private static final Pattern HEAP = Pattern.compile("-Xmx\\d+[kKmMgG]?");

  /** Validates every field. */
  public BrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(heap, "heap");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the broker host must not be blank");
    }
    requirePort("Kafka port", port);
    requirePort("Kafka controller port", controllerPort);
    if (port == controllerPort) {
      throw new IllegalArgumentException("the Kafka port and the controller port must differ, both are " + port);
    }
    if (!HEAP.matcher(heap).matches()) {
      throw new IllegalArgumentException("the broker heap must look like -Xmx384m, was '" + heap + "'");
    }
  }

  /** The defaults: {@code ./data/kafka}, {@code 127.0.0.1:9092}, controller on 9093, {@code -Xmx384m}. */
  public static BrokerSettings defaults() {
    return new BrokerSettings(DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, DEFAULT_HEAP);
  }

  /** The same settings with another data folder. */
  public BrokerSettings withDataDir(Path newDataDir) {
    return new BrokerSettings(newDataDir, host, port, controllerPort, heap);
  }

  /** The same settings with the client port {@code newPort} and the controller on the port after it. */
  public BrokerSettings withPort(int newPort) {
    return new BrokerSettings(dataDir, host, newPort, newPort + 1, heap);
  }

  /** {@code host:port}, what clients use to connect. */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  private static void requirePort(String name, int value) {
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(name + " must be between 1 and 65535, was " + value);
    }
  }
}
