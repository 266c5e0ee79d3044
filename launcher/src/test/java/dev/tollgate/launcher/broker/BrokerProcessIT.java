package dev.tollgate.launcher.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.TestProducers;
import dev.tollgate.testkit.TopicReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerProcessIT {

  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void shouldServeARecordAndReleaseItsProcessAndPortsWhenClosed() throws Exception {
    // Given
    BrokerSettings settings = onFreePorts();
    long pid;
    List<ConsumerRecord<String, String>> read;

    // When
    try (BrokerProcess broker = BrokerProcess.start(settings)) {
      broker.awaitReady(READY);
      pid = broker.pid();
      produce(broker.bootstrapServers(), "greetings", "hello");
      read = TopicReader.strings("greetings").withBootstrapServers(broker.bootstrapServers())
          .readAtLeast(1, DEADLINE);
    }

    // Then
    assertEquals("hello", read.get(0).value());
    assertFalse(isAlive(pid), "the broker process should be gone");
    assertTrue(isFree(settings.port()) && isFree(settings.controllerPort()), "both ports should be free");
  }

  @Test
  void shouldKeepItsClusterAndRecordsAcrossARestart() throws Exception {
    // Given
    BrokerSettings settings = onFreePorts();
    String firstClusterId;
    try (BrokerProcess broker = BrokerProcess.start(settings)) {
      broker.awaitReady(READY);
      produce(broker.bootstrapServers(), "kept", "before-restart");
      firstClusterId = clusterId(broker.logDir());
    }

    // When
    String secondClusterId;
    List<ConsumerRecord<String, String>> read;
    try (BrokerProcess broker = BrokerProcess.start(settings)) {
      broker.awaitReady(READY);
      secondClusterId = clusterId(broker.logDir());
      read = TopicReader.strings("kept").withBootstrapServers(broker.bootstrapServers())
          .readAtLeast(1, DEADLINE);
    }

    // Then
    assertEquals(firstClusterId, secondClusterId, "the log folder must not be formatted again");
    assertEquals("before-restart", read.get(0).value());
  }

  @Test
  void shouldRefuseATakenPortAndSayWhatToDo() throws Exception {
    // Given
    try (ServerSocket squatter = bindLoopback(0)) {
      BrokerSettings settings = BrokerSettings.defaults().withDataDir(dataDir)
          .withPort(squatter.getLocalPort());

      // When
      IllegalStateException error = assertThrows(IllegalStateException.class,
          () -> BrokerProcess.start(settings));

      // Then
      assertEquals("Kafka port " + settings.port() + " on 127.0.0.1 is taken (another Kafka, or a broker left"
          + " over from an earlier run?); choose other ports with --kafka-port", error.getMessage());
    }
  }

  @Test
  void shouldStopTheBrokerWhenItsParentIsKilled() throws Exception {
    // Given
    BrokerSettings settings = onFreePorts();
    Path pidFile = dataDir.resolve("broker.pid");
    Process parent = startParent(settings, pidFile);
    long brokerPid = -1;
    try {
      Await.until(READY, () -> Files.exists(pidFile) || !parent.isAlive(), "the parent to start a broker");
      assertTrue(parent.isAlive(), "the parent died early; see " + dataDir.resolve("parent.log"));
      brokerPid = Long.parseLong(Files.readString(pidFile).trim());

      // When
      parent.destroyForcibly().waitFor();

      // Then
      long orphan = brokerPid;
      Await.until(DEADLINE, () -> !isAlive(orphan), "the orphaned broker " + orphan + " to exit");
      Await.until(DEADLINE, () -> isFree(settings.port()) && isFree(settings.controllerPort()),
          "the broker's ports to be free");
    } finally {
      parent.destroyForcibly();
      ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private BrokerSettings onFreePorts() throws IOException {
    try (ServerSocket broker = bindLoopback(0); ServerSocket controller = bindLoopback(0)) {
      return new BrokerSettings(dataDir, "127.0.0.1", broker.getLocalPort(), controller.getLocalPort(),
          BrokerSettings.DEFAULT_HEAP);
    }
  }

  private static void produce(String servers, String topic, String value) throws Exception {
    try (KafkaProducer<String, String> producer = TestProducers.strings(servers)) {
      producer.send(new ProducerRecord<>(topic, "key", value)).get();
    }
  }

  private static String clusterId(Path logDir) throws IOException {
    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(logDir.resolve("meta.properties"))) {
      meta.load(in);
    }
    return meta.getProperty("cluster.id");
  }

  private Process startParent(BrokerSettings settings, Path pidFile) throws IOException, URISyntaxException {
    Path testClasses = Path.of(OrphanedBrokerParent.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    BrokerClasspath launcher = BrokerClasspath.locate();
    String classpath = String.join(File.pathSeparator, testClasses.toString(), launcher.launcher().toString(),
        launcher.lib().resolve("*").toString());
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", classpath,
        OrphanedBrokerParent.class.getName(), settings.dataDir().toString(),
        Integer.toString(settings.port()), pidFile.toString())
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("parent.log").toFile())
        .start();
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static boolean isFree(int port) {
    try {
      bindLoopback(port).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ServerSocket bindLoopback(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    return socket;
  }
}
