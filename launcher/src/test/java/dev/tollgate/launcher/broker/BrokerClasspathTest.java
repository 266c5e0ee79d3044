package dev.tollgate.launcher.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClasspathTest {

  @TempDir
  Path target;

  @Test
  void shouldFindTheLibrariesNextToThePackagedJar() throws Exception {
    // Given
    Path jar = Files.createFile(target.resolve("tollgate.jar"));
    givenLibraries();

    // When
    BrokerClasspath classpath = BrokerClasspath.besides(jar);

    // Then
    assertEquals(String.join(File.pathSeparator, jar.toString(), target.resolve("broker-lib/*").toString(),
        target.resolve("lib/*").toString()), classpath.asArgument());
  }

  @Test
  void shouldFindTheLibrariesNextToTheClassesFolder() throws Exception {
    // Given
    Path classes = Files.createDirectory(target.resolve("classes"));
    givenLibraries();

    // When
    BrokerClasspath classpath = BrokerClasspath.besides(classes);

    // Then
    assertEquals(target.resolve("broker-lib"), classpath.brokerLib());
    assertEquals(target.resolve("lib"), classpath.lib());
  }

  @Test
  void shouldReadTheKafkaVersionFromTheBrokerJar() throws Exception {
    // Given
    Path jar = Files.createFile(target.resolve("tollgate.jar"));
    givenLibraries();

    // When
    String version = BrokerClasspath.besides(jar).kafkaVersion();

    // Then
    assertEquals("4.3.1", version);
  }

  @Test
  void shouldAskForAPackageBuildWhenTheBrokerLibrariesAreMissing() throws Exception {
    // Given
    Path classes = Files.createDirectory(target.resolve("classes"));

    // When
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> BrokerClasspath.besides(classes));

    // Then
    assertTrue(error.getMessage().contains("mvn package"), error.getMessage());
  }

  private void givenLibraries() throws Exception {
    Files.createDirectories(target.resolve("broker-lib"));
    Files.createFile(target.resolve("broker-lib/kafka-server-4.3.1.jar"));
    Files.createFile(target.resolve("broker-lib/kafka_2.13-4.3.1.jar"));
    Files.createDirectories(target.resolve("lib"));
  }
}
