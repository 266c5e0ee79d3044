package dev.tollgate.launcher.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker of {@code tollgate up}: a single-node KRaft broker in a child JVM, with the same Kafka version
 * as our clients and its data in {@link BrokerSettings#dataDir()}.
 *
 * <p>The data folder holds {@code server.properties} and {@code log4j2.properties} (rewritten on every start),
 * {@code broker.log} (the child's output, appended) and {@code kraft-<kafka version>/} (the data, formatted on the
 * first start only). The version is in the folder name so that data never meets a Kafka of another version.
 *
 * <p>The broker stops with us: on {@link #close()}, in a shutdown hook, and, if we are killed outright, because
 * its stdin pipe closes (see {@link BrokerMain}).
 */
public final class BrokerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
  private static final String LOG4J_RESOURCE = "broker-log4j2.properties";
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

  private final BrokerSettings settings;
  private final Process process;
  private final Path logDir;
  private final Path logFile;
  private final Thread shutdownHook;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private BrokerProcess(BrokerSettings settings, Process process, Path logDir, Path logFile) {
    this.settings = settings;
    this.process = process;
    this.logDir = logDir;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stop, "tollgate-broker-stop");
  }

  /**
   * Starts the broker; it is not ready to serve yet: call {@link #awaitReady(Duration)}.
   *
   * @throws IllegalStateException if a port is taken, the broker's libraries are missing or formatting fails;
   *     the message says what to do
   * @throws UncheckedIOException if the data folder cannot be written or the child cannot be launched
   */
  public static BrokerProcess start(BrokerSettings settings) {
    PortCheck.requireFree(settings);
    BrokerClasspath classpath = BrokerClasspath.locate();
    try {
      Path dataDir = Files.createDirectories(settings.dataDir()).toAbsolutePath();
      Path logDir = dataDir.resolve("kraft-" + classpath.kafkaVersion());
      Path serverProperties = dataDir.resolve("server.properties");
      Path log4jConfig = dataDir.resolve("log4j2.properties");
      Path logFile = dataDir.resolve("broker.log");
      Files.writeString(serverProperties, ServerProperties.render(settings, logDir));
      writeLog4jConfig(log4jConfig);
      LogDirFormat.formatIfNeeded(logDir, serverProperties, classpath, log4jConfig, logFile);
      Process process = launch(settings, classpath, serverProperties, log4jConfig, logFile);
      BrokerProcess broker = new BrokerProcess(settings, process, logDir, logFile);
      Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
      LOG.info("Started the Kafka broker (pid {}) for {}; its log is {}", process.pid(),
          settings.bootstrapServers(), logFile);
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Kafka broker in " + settings.dataDir(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the Kafka broker", e);
    }
  }

  private static Process launch(BrokerSettings settings, BrokerClasspath classpath, Path serverProperties,
      Path log4jConfig, Path logFile) throws IOException {
    List<String> command = ChildJvm.command(settings.heap(), classpath, log4jConfig,
        BrokerMain.class.getName(), serverProperties.toString());
    // stdin stays a pipe that we never write to: it closing is the child's sign that we are gone
    return new ProcessBuilder(command)
        .directory(serverProperties.getParent().toFile())
        .redirectInput(Redirect.PIPE)
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(logFile.toFile()))
        .start();
  }

  private static void writeLog4jConfig(Path target) throws IOException {
    try (InputStream config = BrokerProcess.class.getResourceAsStream(LOG4J_RESOURCE)) {
      if (config == null) {
        throw new IllegalStateException("the launcher lacks its resource " + LOG4J_RESOURCE);
      }
      Files.writeString(target, new String(config.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Waits until the broker answers a cluster description with itself in it.
   *
   * @throws IllegalStateException if the broker exits first, or is not ready within {@code deadline}; the message
   *     includes the end of {@code broker.log}
   */
  public void awaitReady(Duration deadline) {
    long start = System.nanoTime();
    try {
      if (!ReadinessProbe.awaitNodes(settings.bootstrapServers(), process, deadline)) {
        throw notReady(process.isAlive()
            ? "was not ready within " + deadline.toSeconds() + " s"
            : "exited with code " + process.exitValue() + " before it was ready");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
    LOG.info("Kafka broker ready at {} after {} ms", settings.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private IllegalStateException notReady(String what) {
    return new IllegalStateException("the Kafka broker (pid " + process.pid() + ") " + what + "; last lines of "
        + logFile + ":\n" + LogTail.of(logFile, 20));
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** The child JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** The child's output: {@code broker.log} in the data folder. */
  public Path logFile() {
    return logFile;
  }

  /** The folder with the broker's data and {@code meta.properties}. */
  Path logDir() {
    return logDir;
  }

  /**
   * Leaves stopping the broker to {@link #close()}, called by the owner's own shutdown hook after the services
   * that use the broker. Otherwise the JVM runs the broker's hook in parallel with the owner's, and services still
   * committing to Kafka as they stop wait out their close timeouts on a broker that is already gone.
   */
  public void stopOnlyOnClose() {
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
  }

  /**
   * Stops the broker: SIGTERM, up to 30 s for a clean shutdown, then a forced kill. Calling it again does nothing.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and the hook is stopping the broker
    }
    stop();
  }

  private void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      process.destroy();
      if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("The Kafka broker (pid {}) did not stop within {} s; killing it", process.pid(),
            STOP_DEADLINE.toSeconds());
        process.destroyForcibly().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("closing the broker's stdin pipe failed", e);
    }
  }
}
