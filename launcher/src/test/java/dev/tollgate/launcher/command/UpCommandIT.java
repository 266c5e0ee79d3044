package dev.tollgate.launcher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} as a user runs it: a separate JVM from the packaged launcher, with its own broker child, stopped the
 * way Ctrl-C stops it (a signal), twice on the same data folder.
 */
class UpCommandIT {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration STOPPED = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatWeStarted() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void shouldServeHealthThenStopLeavingNoProcessAndReuseTheDataFolder() throws Exception {
    int edgePort = freePort();
    int kafkaPort = freePort();

    Up first = startUp(edgePort, kafkaPort);
    String devKey = first.awaitLine("dev key").replaceAll(".*dev key\\s+", "").trim();
    HttpResponse<String> health = get(edgePort, "/healthz", null);
    HttpResponse<String> models = get(edgePort, "/v1/models", devKey);
    HttpResponse<String> chat = postChat(edgePort, devKey);
    String clusterId = clusterId();
    List<ProcessHandle> tree = first.stop();

    assertEquals(200, health.statusCode());
    assertEquals(200, models.statusCode());
    assertTrue(models.body().contains("gpt-4o-mini"), models.body());
    assertEquals(200, chat.statusCode(), chat.body());
    assertTrue(chat.body().contains("\"object\":\"chat.completion\""), chat.body());
    tree.forEach(p -> assertTrue(!p.isAlive(), "still running after stop: pid " + p.pid()));

    Up second = startUp(edgePort, kafkaPort);
    String secondKey = second.awaitLine("dev key").replaceAll(".*dev key\\s+", "").trim();
    HttpResponse<String> again = get(edgePort, "/v1/models", secondKey);
    second.stop();

    assertEquals(devKey, secondKey);
    assertEquals(clusterId, clusterId(), "the data folder was formatted again");
    assertEquals(200, again.statusCode());
  }

  private Up startUp(int edgePort, int kafkaPort) throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(javaBinary, "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", target.resolve("tollgate.jar") + java.io.File.pathSeparator + target.resolve("lib") + "/*",
        "dev.tollgate.launcher.Tollgate", "up", "--data-dir", dataDir.toString(),
        "--port", Integer.toString(edgePort), "--kafka-port", Integer.toString(kafkaPort));
    builder.environment().remove("TOLLGATE_DEV_KEY");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    started.add(process);
    return new Up(process);
  }

  private String clusterId() throws IOException {
    try (var files = Files.walk(dataDir)) {
      Path meta = files.filter(p -> p.getFileName().toString().equals("meta.properties")).findFirst().orElseThrow();
      return Files.readAllLines(meta).stream().filter(l -> l.startsWith("cluster.id=")).findFirst().orElseThrow();
    }
  }

  private static HttpResponse<String> get(int port, String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The request of the curl line `up` prints. */
  private static HttpResponse<String> postChat(int port, String key) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A running {@code up}: its output collected line by line. */
  private static final class Up {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean outputEnded;

    Up(Process process) {
      this.process = process;
      Thread reader = new Thread(this::collect, "up-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void collect() {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended; what it printed is kept
      }
      outputEnded = true;
    }

    String awaitLine(String containing) {
      Await.until(READY, () -> lines.stream().anyMatch(l -> l.contains(containing)) || !process.isAlive(),
          "up to print '" + containing + "'");
      return lines.stream().filter(l -> l.contains(containing)).findFirst()
          .orElseThrow(() -> new AssertionError("up ended before '" + containing + "':\n" + String.join("\n", lines)));
    }

    /** Stops it as Ctrl-C does (SIGTERM runs the same shutdown hooks); returns the whole process tree. */
    List<ProcessHandle> stop() {
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      tree.add(process.toHandle());
      // through the handle: Process.destroy() would also close our end of its output before it is read
      process.toHandle().destroy();
      Await.until(STOPPED, () -> tree.stream().noneMatch(ProcessHandle::isAlive), "up and its broker to stop");
      Await.until(STOPPED, () -> outputEnded, "the end of up's output");
      assertTrue(String.join("\n", lines).contains("Stopped."), String.join("\n", lines));
      // every service stops cleanly, before the broker it flushes to goes away
      assertTrue(lines.stream().noneMatch(l -> l.contains("did not stop")), String.join("\n", lines));
      return tree;
    }
  }
}
