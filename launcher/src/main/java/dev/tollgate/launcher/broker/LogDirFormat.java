package dev.tollgate.launcher.broker;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the broker's log folder, once. Formatting writes a new cluster id, and Kafka refuses to start on data of
 * another id even with {@code --ignore-formatted}, so an existing {@code meta.properties} means: leave it alone.
 *
 * <p>The format runs in a short child JVM because {@code kafka.tools.StorageTool} lives in kafka_2.13, which is
 * not on the launcher's classpath.
 */
final class LogDirFormat {

  private static final Logger LOG = LoggerFactory.getLogger(LogDirFormat.class);
  private static final Duration FORMAT_DEADLINE = Duration.ofSeconds(60);

  private LogDirFormat() {}

  static boolean isFormatted(Path logDir) {
    return Files.exists(logDir.resolve("meta.properties"));
  }

  static void formatIfNeeded(Path logDir, Path serverProperties, BrokerClasspath classpath, Path log4jConfig,
      Path logFile) throws IOException, InterruptedException {
    if (isFormatted(logDir)) {
      return;
    }
    String clusterId = Uuid.randomUuid().toString();
    List<String> command = ChildJvm.command(ChildJvm.FORMAT_HEAP, classpath, log4jConfig,
        "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", serverProperties.toString(),
        "--standalone");
    Process format = new ProcessBuilder(command)
        .directory(logDir.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(logFile.toFile()))
        .start();
    if (!format.waitFor(FORMAT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      format.destroyForcibly();
      throw new IllegalStateException("formatting " + logDir + " took longer than " + FORMAT_DEADLINE
          + "; see " + logFile);
    }
    if (format.exitValue() != 0 || !isFormatted(logDir)) {
      throw new IllegalStateException("formatting " + logDir + " failed (exit code " + format.exitValue()
          + "); see " + logFile);
    }
    LOG.info("Formatted new Kafka log folder {} (cluster id {})", logDir, clusterId);
  }
}
