package dev.tollgate.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker that every test in a JVM shares, started on first use.
 *
 * <p>Which broker, in this order:
 * <ol>
 *   <li>an existing cluster named by the environment variable {@code TOLLGATE_KAFKA_BOOTSTRAP};</li>
 *   <li>Testcontainers' Kafka when {@code TOLLGATE_KAFKA=testcontainers} (fails if there is no Docker engine);</li>
 *   <li>otherwise a single-node KRaft broker inside the test JVM, on 127.0.0.1 only, with random free ports, or
 *       {@code TOLLGATE_TEST_KAFKA_PORT} and the next port for its controller.</li>
 * </ol>
 * The broker is configured for one node (replication factor 1 everywhere), so transactions and Kafka Streams
 * {@code exactly_once_v2} work. It stops when the JVM exits.
 */
public final class KafkaFixture {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaFixture.class);
  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

  private static String bootstrapServers;
  private static RuntimeException startFailure;

  private KafkaFixture() {}

  /**
   * The bootstrap servers of the shared broker, starting it on the first call and waiting until it serves
   * requests.
   *
   * @throws IllegalStateException if the broker could not be started; later calls fail the same way at once
   */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null && startFailure == null) {
      try {
        bootstrapServers = startAndAwait(BrokerChoice.from(System.getenv()));
      } catch (RuntimeException | AssertionError e) {
        startFailure = new IllegalStateException("the Kafka broker for tests could not start: "
            + e.getMessage(), e);
      }
    }
    if (startFailure != null) {
      throw startFailure;
    }
    return bootstrapServers;
  }

  private static String startAndAwait(BrokerChoice choice) {
    long start = System.nanoTime();
    String servers = start(choice);
    awaitReady(servers);
    LOG.info("Kafka for tests ready at {} ({}) in {} ms", servers, choice,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return servers;
  }

  private static String start(BrokerChoice choice) {
    if (choice instanceof BrokerChoice.ExistingCluster existing) {
      return existing.bootstrapServers();
    }
    if (choice instanceof BrokerChoice.Container) {
      return ContainerKafkaBroker.start();
    }
    BrokerChoice.InProcess inProcess = (BrokerChoice.InProcess) choice;
    BrokerPorts ports = inProcess.fixedPort().isPresent()
        ? BrokerPorts.fixed(inProcess.fixedPort().getAsInt())
        : BrokerPorts.random();
    return InProcessKraftBroker.start(ports);
  }

  private static void awaitReady(String servers) {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(config)) {
      Await.until(READY_DEADLINE,
          () -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty(),
          "the Kafka broker at " + servers + " to report its nodes");
    }
  }
}
