package dev.tollgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker inside the test JVM, on 127.0.0.1 only, with its data in a temporary directory.
 *
 * <p>It lives until the JVM exits: a shutdown hook stops it and deletes the directory. This is the only class of
 * the test kit that touches {@code kafka_2.13}, so modules that point the fixture elsewhere do not need it.
 */
final class InProcessKraftBroker {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessKraftBroker.class);

  private InProcessKraftBroker() {}

  /** Formats a fresh log directory, starts the broker and returns its bootstrap servers. */
  static String start(BrokerPorts ports) {
    try {
      Path dataDir = Files.createTempDirectory("tollgate-kafka-");
      Path logDir = dataDir.resolve("logs");
      Properties config = SingleNodeBrokerConfig.of(ports, logDir);
      format(config, dataDir.resolve("server.properties"));
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, dataDir), "tollgate-kafka-stop"));
      server.startup();
      return BrokerPorts.HOST + ":" + ports.broker();
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the in-process Kafka broker", e);
    }
  }

  /** Formats the log directory named in {@code config} as a new single-node cluster. */
  static void format(Properties config, Path configFile) throws IOException {
    try (OutputStream out = Files.newOutputStream(configFile)) {
      config.store(out, "in-process test broker");
    }
    String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString(), "--standalone"};
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode = StorageTool.execute(args, printStream);
    }
    String printed = output.toString(StandardCharsets.UTF_8).trim();
    if (exitCode != 0) {
      throw new IllegalStateException("formatting the Kafka log directory failed (" + exitCode + "): " + printed);
    }
    LOG.debug("storage format: {}", printed);
  }

  private static void stop(KafkaRaftServer server, Path dataDir) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("the in-process Kafka broker did not stop cleanly", e);
    }
    deleteRecursively(dataDir);
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete the test broker's data in {}", dir, e);
    }
  }
}
