package dev.tollgate.bench.stack;

import dev.tollgate.launcher.broker.BrokerProcess;
import dev.tollgate.launcher.broker.BrokerSettings;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.ConfigPublisher;
import dev.tollgate.launcher.config.LoadResult;
import dev.tollgate.schemas.config.VirtualKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the benchmark measures, each in its own process and all on 127.0.0.1: a Kafka broker (the launcher's
 * child broker), the simulators (the upstream), and two edges run by {@code tollgate run edge}: one as shipped,
 * with usage events on, and one with {@code --usage-events off}. The configuration is applied with
 * {@code tollgate apply}. The scenarios that need metering or the budget service start them here too
 * ({@link #startService}). {@link #close()} stops exactly these processes, by their own handles.
 */
public final class Stack implements AutoCloseable {
  /** The edge JVM's flags: the launcher script's, with room for the memory scenario's 10 000 streams. */
  public static final List<String> EDGE_JVM_FLAGS =
      List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
  /** The upstream JVM's flags. */
  public static final List<String> UPSTREAM_JVM_FLAGS =
      List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
  /** The models the configuration declares, each served by its own simulators. */
  public static final String INSTANT = "bench-instant";
  public static final String STREAM = "bench-stream";
  public static final String SLOW = "bench-slow";
  /**
   * Simulators behind the slow model: the edge keeps at most 512 connections per upstream host and port
   * ({@code EdgeVerticle.UPSTREAM_POOL_SIZE}), so 10 000 concurrent streams need at least 20 upstream ports.
   */
  public static final int SLOW_UPSTREAMS = 25;
  /** The streaming upstream's pace: first token after 100 ms, then 50 tokens a second, 100 tokens. */
  public static final int STREAM_TTFT_MS = 100;
  public static final int STREAM_TOKENS_PER_SECOND = 50;
  public static final int STREAM_TOKENS = 100;
  private static final Duration START_DEADLINE = Duration.ofSeconds(120);
  private static final Pattern EDGE_READY = Pattern.compile("edge listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern UPSTREAM_READY = Pattern.compile("^UPSTREAM (.*)$");
  /** The line {@code tollgate run metering|budget} prints once its Streams client is running. */
  private static final Pattern SERVICE_READY = Pattern.compile("^(metering pricing|budget holding) ");
  /** The JVM flags of metering and the budget service: the launcher script's. */
  public static final List<String> SERVICE_JVM_FLAGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Path root;
  private final Path work;
  private BrokerProcess broker;
  private ChildProcess upstream;
  private Map<String, List<Integer>> upstreamPorts;
  private int upstreamAdminPort;
  private Edge edge;
  private Edge edgeWithoutUsage;
  private String key;
  private VirtualKey virtualKey;
  private VirtualKey loopKey;

  private Stack(Path root, Path work) {
    this.root = root;
    this.work = work;
  }

  /** An edge process and its port. */
  public record Edge(ChildProcess process, int port) {}

  /** Starts every process and applies the configuration; on failure, stops what it started. */
  public static Stack start(Path root, Path work) throws Exception {
    Stack stack = new Stack(root, work);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop"));
    try {
      stack.startAll();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    upstream = ChildProcess.start("upstream", ChildProcess.jvm(UPSTREAM_JVM_FLAGS, benchClasspath(),
        "dev.tollgate.bench.upstream.UpstreamMain", List.of(
            INSTANT + ":0:0:16",
            STREAM + ":" + STREAM_TTFT_MS + ":" + STREAM_TOKENS_PER_SECOND + ":" + STREAM_TOKENS,
            SLOW + ":0:1:600@" + SLOW_UPSTREAMS)), work.resolve("upstream.log"), UPSTREAM_READY);
    started.add(upstream);
    startBroker();
    parseUpstream(upstream.awaitReady(START_DEADLINE).group(1));

    CompletableFuture<Edge> withUsage = CompletableFuture.supplyAsync(() -> startEdge("edge", "on"));
    CompletableFuture<Edge> withoutUsage = CompletableFuture.supplyAsync(() -> startEdge("edge-nousage", "off"));
    edge = withUsage.join();
    edgeWithoutUsage = withoutUsage.join();

    virtualKey = VirtualKey.generate("bench");
    loopKey = VirtualKey.generate(BenchConfig.LOOP_KEY);
    key = virtualKey.reveal();
    Path config = work.resolve("bench-config.yaml");
    Files.writeString(config, configYaml(null));
    ChildProcess apply = ChildProcess.start("apply", launcherJvm(List.of("-Xmx256m"),
        List.of("apply", config.toString(), "--bootstrap", broker.bootstrapServers())),
        work.resolve("apply.log"), Pattern.compile("$^"));
    if (apply.awaitExit(START_DEADLINE) != 0) {
      throw new IllegalStateException("tollgate apply failed; see " + apply.log());
    }
    awaitServing(edge);
    awaitServing(edgeWithoutUsage);
  }

  /**
   * Starts the broker on a free pair of ports. Another process on the machine can take a port between the check
   * and the broker's bind, so a broker that dies before it is ready is started again on other ports, twice at most.
   */
  private void startBroker() throws IOException {
    for (int attempt = 1; ; attempt++) {
      BrokerProcess candidate = null;
      try {
        candidate = BrokerProcess.start(BrokerSettings.defaults()
            .withDataDir(work.resolve("kafka-" + attempt)).withPort(freePortPair()));
        started.add(candidate);
        candidate.awaitReady(START_DEADLINE);
        broker = candidate;
        return;
      } catch (IllegalStateException e) {
        if (candidate != null) {
          candidate.close();
        }
        if (attempt == 3) {
          throw e;
        }
        System.err.println("bench: the broker did not start (" + String.valueOf(e.getMessage()).lines().findFirst()
            .orElse("") + "); trying other ports");
      }
    }
  }

  private Edge startEdge(String name, String usageEvents) {
    try {
      ChildProcess process = ChildProcess.start(name, launcherJvm(EDGE_JVM_FLAGS, List.of(
          "run", "edge", "--bootstrap", broker.bootstrapServers(), "--host", "127.0.0.1", "--port", "0",
          "--edge-id", "bench-" + name, "--data-dir", work.resolve(name).toString(),
          "--usage-events", usageEvents)), work.resolve(name + ".log"), EDGE_READY);
      synchronized (started) {
        started.add(process);
      }
      return new Edge(process, Integer.parseInt(process.awaitReady(START_DEADLINE).group(1)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  private String configYaml(BenchConfig.LoopBudget loopBudget) {
    return BenchConfig.yaml(upstreamPorts, "bench", virtualKey.hash(), loopKey.hash(), loopBudget);
  }

  /**
   * Applies the benchmark's configuration again, in this JVM, with {@code loopBudget} as the loop tenant's only
   * budget (the one before it is deleted).
   */
  public void applyLoopBudget(BenchConfig.LoopBudget loopBudget) {
    LoadResult loaded = ConfigLoader.parse("bench-config.yaml", configYaml(loopBudget));
    if (!loaded.isValid()) {
      throw new IllegalStateException("the benchmark's configuration is not valid: " + loaded.report());
    }
    ConfigPublisher.create(broker.bootstrapServers()).apply(loaded.snapshot());
  }

  /**
   * Starts {@code tollgate run <service>} (metering or budget) on the bench's broker and waits until its Streams
   * client runs. The caller stops it ({@link ChildProcess#close()}); {@link #close()} stops it too if still running.
   *
   * @param service {@code metering} or {@code budget}
   * @param name the process's name, its log's and its data folder's in the run folder
   * @param env settings ({@code TOLLGATE_METERING_*}, {@code TOLLGATE_BUDGET_*})
   */
  public ChildProcess startService(String service, String name, Map<String, String> env) throws IOException {
    ChildProcess process = ChildProcess.start(name, launcherJvm(SERVICE_JVM_FLAGS, List.of(
        "run", service, "--bootstrap", broker.bootstrapServers(), "--data-dir", work.resolve(name).toString())),
        env, work.resolve(name + ".log"), SERVICE_READY);
    synchronized (started) {
      started.add(process);
    }
    try {
      process.awaitReady(START_DEADLINE);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return process;
  }

  /** Polls with a real chat request until the edge has the configuration and answers 200. */
  private void awaitServing(Edge target) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + key)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"" + INSTANT + "\",\"messages\":[{\"role\":\"user\",\"content\":\"ready?\"}]}"))
        .timeout(Duration.ofSeconds(5))
        .build();
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    int status = -1;
    while (System.nanoTime() < deadline) {
      try {
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException e) {
        status = -1;
      }
      Thread.sleep(200); // polling a child process for readiness: nothing to be notified by
    }
    throw new IllegalStateException(target.process().name() + " never answered 200 (last status " + status + ")");
  }

  private void parseUpstream(String line) {
    upstreamPorts = new LinkedHashMap<>();
    for (String part : line.trim().split(" ")) {
      String[] nameAndPorts = part.split("=", 2);
      if (nameAndPorts[0].equals("admin")) {
        upstreamAdminPort = Integer.parseInt(nameAndPorts[1]);
      } else {
        upstreamPorts.put(nameAndPorts[0], Arrays.stream(nameAndPorts[1].split(",")).map(Integer::valueOf).toList());
      }
    }
  }

  /** The first simulator port of {@code model}: where direct load goes. */
  public int upstreamPort(String model) {
    return upstreamPorts.get(model).get(0);
  }

  /** Requests the simulators are serving right now. */
  public int upstreamActive() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + upstreamAdminPort + "/active"))
        .timeout(Duration.ofSeconds(10)).build();
    return Integer.parseInt(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** The edge's {@code /metrics} text. */
  public String edgeMetrics(Edge target) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  public Edge edge() {
    return edge;
  }

  public Edge edgeWithoutUsage() {
    return edgeWithoutUsage;
  }

  public ChildProcess upstream() {
    return upstream;
  }

  public long brokerPid() {
    return broker.pid();
  }

  public String key() {
    return key;
  }

  /** The loop tenant's key (its secret). */
  public String loopKey() {
    return loopKey.reveal();
  }

  /** The broker's bootstrap servers. */
  public String bootstrap() {
    return broker.bootstrapServers();
  }

  private List<String> launcherJvm(List<String> flags, List<String> args) {
    return ChildProcess.jvm(flags, launcherClasspath(), "dev.tollgate.launcher.Tollgate", args);
  }

  private String launcherClasspath() {
    Path target = root.resolve("launcher").resolve("target");
    return target.resolve("tollgate.jar") + ":" + target.resolve("lib").resolve("*");
  }

  private String benchClasspath() {
    Path target = root.resolve("bench").resolve("target");
    return target.resolve("bench.jar") + ":" + target.resolve("lib").resolve("*") + ":" + launcherClasspath();
  }

  /** A free port whose successor is free too (the broker's controller listens on it). */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      if (port < 65535 && isFree(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no two consecutive free ports found on 127.0.0.1");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops every process this stack started, the last started first. Safe to call twice. */
  @Override
  public void close() {
    List<AutoCloseable> toStop;
    synchronized (started) {
      toStop = new ArrayList<>(started);
      started.clear();
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      try {
        toStop.get(i).close();
      } catch (Exception e) {
        System.err.println("bench: stopping a process failed: " + e);
      }
    }
  }
}
