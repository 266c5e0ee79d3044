package dev.tollgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker of one test's own, inside the test JVM, that the test can {@link #stop()} and
 * {@link #restart()} on the same ports and the same data: for proving what clients do while Kafka is away. Tests that
 * only need a broker use the shared {@link KafkaFixture} instead.
 *
 * <p>Its ports are fixed for its lifetime and chosen below Linux's ephemeral range (32768 and up), so that while it is
 * stopped, a client's outgoing connection cannot take one of them. Close it when the test class is done; a shutdown
 * hook stops it and deletes its data otherwise.
 */
public final class DedicatedBroker implements AutoCloseable {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
  private static final int FIRST_PORT = 20_000;
  private static final int PORT_RANGE = 12_000;
  private static final int PORT_ATTEMPTS = 50;

  private final Path dataDir;
  private final Properties config;
  private final String bootstrapServers;
  private final Thread shutdownHook;
  private KafkaRaftServer server;

  private DedicatedBroker(Path dataDir, Properties config, String bootstrapServers) {
    this.dataDir = dataDir;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.shutdownHook = new Thread(this::stopAndDelete, "tollgate-dedicated-kafka-stop");
  }

  /**
   * Formats a fresh data directory, starts the broker on two free loopback ports and waits until it answers.
   *
   * @return the running broker; the caller closes it
   */
  public static DedicatedBroker start() {
    try {
      BrokerPorts ports = freePortsBelowEphemeralRange();
      Path dataDir = Files.createTempDirectory("tollgate-kafka-dedicated-");
      Properties config = SingleNodeBrokerConfig.of(ports, dataDir.resolve("logs"));
      InProcessKraftBroker.format(config, dataDir.resolve("server.properties"));
      DedicatedBroker broker = new DedicatedBroker(dataDir, config, BrokerPorts.HOST + ":" + ports.broker());
      Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
      broker.restart();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a dedicated Kafka broker", e);
    }
  }

  private static BrokerPorts freePortsBelowEphemeralRange() {
    IllegalStateException lastTaken = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(PORT_RANGE);
      try {
        return BrokerPorts.fixed(port);
      } catch (IllegalStateException taken) {
        lastTaken = taken;
      }
    }
    throw new IllegalStateException("no two free neighbouring ports on " + BrokerPorts.HOST + " between "
        + FIRST_PORT + " and " + (FIRST_PORT + PORT_RANGE), lastTaken);
  }

  /** The broker's address; the same across stops and restarts. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Whether the broker is serving now. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Shuts the broker down cleanly and waits until its ports are closed. Does nothing if it is stopped. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /**
   * Starts the broker again on the same ports and data, or for the first time, and waits until it answers.
   * Does nothing if it is running.
   */
  public synchronized void restart() {
    if (server == null) {
      KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
      started.startup();
      server = started;
      awaitReady();
    }
  }

  /** A new {@link Admin} for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  private void awaitReady() {
    Map<String, Object> adminConfig = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(adminConfig)) {
      Await.until(READY_DEADLINE,
          () -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty(),
          "the dedicated Kafka broker at " + bootstrapServers + " to report its nodes");
    }
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it finds the broker stopped
    }
  }

  private synchronized void stopAndDelete() {
    stop();
    if (Files.exists(dataDir)) {
      InProcessKraftBroker.deleteRecursively(dataDir);
    }
  }
}
