package dev.tollgate.testkit;

import java.util.Map;
import java.util.OptionalInt;

/** Which broker {@link KafkaFixture} uses, decided once from the environment. */
sealed interface BrokerChoice {

  String BOOTSTRAP_ENV = "TOLLGATE_KAFKA_BOOTSTRAP";
  String MODE_ENV = "TOLLGATE_KAFKA";
  String PORT_ENV = "TOLLGATE_TEST_KAFKA_PORT";
  String TESTCONTAINERS_MODE = "testcontainers";

  /** A cluster somebody else runs, named by {@code TOLLGATE_KAFKA_BOOTSTRAP}. */
  record ExistingCluster(String bootstrapServers) implements BrokerChoice {}

  /** Testcontainers' Kafka, asked for by {@code TOLLGATE_KAFKA=testcontainers}. */
  record Container() implements BrokerChoice {}

  /** The in-process KRaft broker, on random ports unless {@code TOLLGATE_TEST_KAFKA_PORT} fixes one. */
  record InProcess(OptionalInt fixedPort) implements BrokerChoice {}

  static BrokerChoice from(Map<String, String> env) {
    String bootstrap = env.getOrDefault(BOOTSTRAP_ENV, "").trim();
    if (!bootstrap.isEmpty()) {
      return new ExistingCluster(bootstrap);
    }
    String mode = env.getOrDefault(MODE_ENV, "").trim();
    if (mode.equalsIgnoreCase(TESTCONTAINERS_MODE)) {
      return new Container();
    }
    if (!mode.isEmpty()) {
      throw new IllegalArgumentException(MODE_ENV + " may only be '" + TESTCONTAINERS_MODE + "' (or unset), was '"
          + mode + "'");
    }
    return new InProcess(fixedPort(env.getOrDefault(PORT_ENV, "").trim()));
  }

  private static OptionalInt fixedPort(String value) {
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT_ENV + " must be a port number, was '" + value + "'", e);
    }
  }
}
