package dev.tollgate.launcher.broker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The child broker's classpath, found next to the launcher's own code.
 *
 * <p>The build puts the launcher at {@code target/tollgate.jar} (or {@code target/classes} when run from an IDE),
 * its runtime libraries in {@code target/lib} and the broker's extra jars (kafka_2.13 and the server modules, kept
 * off the launcher's own classpath) in {@code target/broker-lib}. The broker needs all three: broker-lib does not
 * repeat what lib already has (kafka-clients, the SLF4J binding, log4j), and {@link BrokerMain} is in the launcher.
 *
 * @param launcher the launcher's jar or classes folder
 * @param brokerLib the folder of broker-only jars
 * @param lib the folder of the launcher's runtime jars
 */
record BrokerClasspath(Path launcher, Path brokerLib, Path lib) {

  private static final Pattern KAFKA_JAR = Pattern.compile("kafka_2\\.13-(.+)\\.jar");

  /** The classpath next to wherever {@link BrokerProcess} was loaded from. */
  static BrokerClasspath locate() {
    try {
      Path location = Path.of(BrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return besides(location);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where the launcher was loaded from", e);
    }
  }

  /** The classpath next to {@code launcher} (a jar or a classes folder: both sit in the folder with the libs). */
  static BrokerClasspath besides(Path launcher) {
    Path home = launcher.toAbsolutePath().getParent();
    BrokerClasspath classpath = new BrokerClasspath(launcher.toAbsolutePath(), home.resolve("broker-lib"),
        home.resolve("lib"));
    classpath.requireFolder(classpath.brokerLib());
    classpath.requireFolder(classpath.lib());
    return classpath;
  }

  /** The value for {@code -cp}; the JVM expands the {@code folder/*} entries itself. */
  String asArgument() {
    return String.join(File.pathSeparator, launcher.toString(), brokerLib.resolve("*").toString(),
        lib.resolve("*").toString());
  }

  /** The broker's Kafka version, read from the name of its kafka_2.13 jar. */
  String kafkaVersion() {
    try (Stream<Path> jars = Files.list(brokerLib)) {
      return jars.map(jar -> KAFKA_JAR.matcher(jar.getFileName().toString()))
          .filter(Matcher::matches)
          .map(match -> match.group(1))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no kafka_2.13 jar in " + brokerLib));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + brokerLib, e);
    }
  }

  private void requireFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException("the Kafka broker's libraries are missing: no folder " + folder
          + " next to " + launcher + " (build the launcher with 'mvn package')");
    }
  }
}
