package dev.tollgate.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers' Kafka for {@link KafkaFixture}. The only class of the fixture that touches Testcontainers, so
 * modules without it on their test classpath can still use the in-process broker.
 */
final class ContainerKafkaBroker {

  /** The image for {@code TOLLGATE_KAFKA=testcontainers} and for tests that start their own container. */
  static final String IMAGE = "apache/kafka:4.1.0";

  private ContainerKafkaBroker() {}

  static String start() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(BrokerChoice.MODE_ENV + "=" + BrokerChoice.TESTCONTAINERS_MODE
          + " asks for a Kafka container, but no Docker engine is reachable; unset it to use the in-process"
          + " broker");
    }
    KafkaContainer kafka = new KafkaContainer(IMAGE);
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "tollgate-kafka-container-stop"));
    return kafka.getBootstrapServers();
  }
}
