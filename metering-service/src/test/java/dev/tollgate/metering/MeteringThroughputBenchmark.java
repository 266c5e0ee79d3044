package dev.tollgate.metering;

import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A benchmark, not a test: how many usage events per second one metering instance prices and rolls up, and how
 * much CPU the metering instance spends per event. It pre-loads N events (in time order, distinct, six tenants,
 * three models), starts one instance on a fresh application id and state directory, and times from the start until
 * the ledger holds N lines ({@code priced-total}) and the hourly rollups, read through the usage API, count N
 * requests.
 *
 * <p>The CPU per event counts the metering instance only: every Java thread whose name carries the application id
 * (stream threads, their producers' and consumers' network threads, the global thread, the admin client) and
 * RocksDB's native background threads, from the moment the instance runs until the rollups have caught up. The
 * broker runs in a JVM of its own (or is the cluster named by {@code TOLLGATE_KAFKA_BOOTSTRAP}), so none of its
 * work is counted. The whole process's CPU over the same interval (JIT compilers and garbage collector included,
 * and the benchmark's own polling of the API) is printed beside it.
 *
 * <p>Run it (N defaults to 20000):
 *
 * <pre>
 * mvn -o -q -pl metering-service -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp metering-service/target/test-classes:metering-service/target/classes:$(cat \
 *     metering-service/target/test-classpath.txt) dev.tollgate.metering.MeteringThroughputBenchmark 100000
 * </pre>
 */
public final class MeteringThroughputBenchmark {

  private static final Duration DEADLINE = Duration.ofMinutes(10);
  private static final String BROKER_ARG = "--broker";
  private static final String BOOTSTRAP_LINE = "bootstrap=";
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private MeteringThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(BROKER_ARG)) {
      serveBroker();
      return;
    }
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String existing = System.getenv("TOLLGATE_KAFKA_BOOTSTRAP");
    if (existing != null) {
      run(existing, events);
      return;
    }
    Process broker = startBrokerProcess();
    try {
      run(awaitBootstrap(broker), events);
    } finally {
      // the child stops its broker when its stdin closes
      broker.getOutputStream().close();
      if (!broker.waitFor(60, TimeUnit.SECONDS)) {
        broker.destroy();
      }
    }
    System.exit(0);
  }

  /** The child JVM: a broker of its own until its stdin closes. */
  private static void serveBroker() throws IOException {
    try (DedicatedBroker broker = DedicatedBroker.start()) {
      System.out.println(BOOTSTRAP_LINE + broker.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close the pipe
      }
    }
    System.exit(0);
  }

  private static Process startBrokerProcess() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
        MeteringThroughputBenchmark.class.getName(), BROKER_ARG)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String awaitBootstrap(Process broker) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(BOOTSTRAP_LINE)) {
        return line.substring(BOOTSTRAP_LINE.length());
      }
    }
    throw new IllegalStateException("the broker process ended without announcing its address");
  }

  private static void run(String bootstrap, int events) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
    UsageScenario scenario = new UsageScenario(1L, run, base, events, Duration.ofHours(3), false);
    MeteringFixtures.publishConfig(bootstrap, scenario.models);
    long loadStart = System.nanoTime();
    MeteringFixtures.produceUsage(bootstrap, scenario.deliveries);
    System.out.printf("pre-loaded %d usage events in %.1f s%n", events, seconds(loadStart));

    Path stateDir = Files.createTempDirectory("tollgate-metering-bench-");
    String applicationId = "metering-bench-" + run;
    MeteringConfig config =
        MeteringFixtures.withApi(bootstrap, applicationId, stateDir, MeteringSettings.defaults());
    long start = System.nanoTime();
    try (MeteringService metering = MeteringService.start(config)) {
      metering.awaitRunning(DEADLINE);
      double toRunning = seconds(start);
      Cpu atRunning = Cpu.now(applicationId);
      Await.until(DEADLINE, () -> ledger(metering) >= events / 2, "half the ledger");
      Cpu atHalf = Cpu.now(applicationId);
      double toHalf = seconds(start);
      Await.until(DEADLINE, () -> ledger(metering) >= events, "the ledger");
      double toLedger = seconds(start);
      Await.until(DEADLINE, () -> rolledUp(metering, scenario, base) >= events, "the rollups");
      double toRollups = seconds(start);
      Cpu atEnd = Cpu.now(applicationId);
      System.out.printf("one instance (exactly_once_v2) priced and rolled up %d events: running after %.1f s,"
              + " ledger caught up after %.1f s, rollups after %.1f s%n", events, toRunning, toLedger, toRollups);
      System.out.printf("sustained: %.0f events/s once running, %.0f events/s in the second half%n",
          events / (toRollups - toRunning), (events - events / 2) / (toRollups - toHalf));
      report("whole run (from running)", atEnd.minus(atRunning), events);
      report("second half (warm)", atEnd.minus(atHalf), events - events / 2);
    }
  }

  private static void report(String what, Cpu cpu, int events) {
    double perEvent = cpu.metering() / 1e3 / events;
    System.out.printf("%s: metering CPU %.1f us/event = %.0f events/s per core (stream threads %.1f,"
            + " other metering threads %.1f, RocksDB native %.1f); whole process %.1f us/event%n",
        what, perEvent, 1e6 / perEvent, cpu.stream / 1e3 / events, cpu.otherJava / 1e3 / events,
        cpu.rocksDb / 1e3 / events, cpu.process / 1e3 / events);
    cpu.others.forEach((name, nanos) -> {
      if (nanos / 1e3 / events >= 0.1) {
        System.out.printf("    %.1f us/event in %s%n", nanos / 1e3 / events, name);
      }
    });
  }

  /** CPU nanoseconds spent so far by the metering instance's threads and by the whole process. */
  private record Cpu(long stream, long otherJava, long rocksDb, long process, Map<String, Long> others) {

    static Cpu now(String applicationId) throws IOException {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long stream = 0;
      long other = 0;
      Map<String, Long> others = new TreeMap<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        String name = thread.getName();
        if (!name.contains(applicationId)) {
          continue;
        }
        long nanos = Math.max(0, threads.getThreadCpuTime(thread.getId()));
        if (name.matches(".*-StreamThread-\\d+$")) {
          stream += nanos;
        } else {
          other += nanos;
          others.merge(name.replace(applicationId, "<app>").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"), nanos,
              Long::sum);
        }
      }
      long process =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime();
      return new Cpu(stream, other, nativeThreadsNanos("rocksdb"), process, others);
    }

    Cpu minus(Cpu before) {
      Map<String, Long> others = new TreeMap<>(this.others);
      before.others.forEach((name, nanos) -> others.merge(name, -nanos, Long::sum));
      return new Cpu(stream - before.stream, otherJava - before.otherJava, rocksDb - before.rocksDb,
          process - before.process, others);
    }

    long metering() {
      return stream + otherJava + rocksDb;
    }

    /** CPU of this process's threads whose kernel name starts with {@code prefix}, from /proc (Linux). */
    private static long nativeThreadsNanos(String prefix) throws IOException {
      Path tasks = Path.of("/proc/self/task");
      if (!Files.isDirectory(tasks)) {
        return 0;
      }
      long ticks = 0;
      List<Path> all;
      try (Stream<Path> listed = Files.list(tasks)) {
        all = new ArrayList<>(listed.toList());
      }
      for (Path task : all) {
        try {
          if (!Files.readString(task.resolve("comm")).startsWith(prefix)) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // utime and stime are the 14th and 15th fields, the 12th and 13th after the name
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException ended) {
          // the thread ended meanwhile
        }
      }
      return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }
  }

  private static long rolledUp(MeteringService metering, UsageScenario scenario, Instant base) throws Exception {
    long requests = 0;
    Instant to = base.plus(Duration.ofHours(4));
    for (int t = 0; t < UsageScenario.TENANTS; t++) {
      String query = "/v1/usage?tenant=" + scenario.tenant(t) + "&from=" + base + "&to=" + to;
      var answer = MeteringFixtures.get(metering.apiPort().orElseThrow(), query, MeteringFixtures.ADMIN_TOKEN);
      if (answer.statusCode() != 200) {
        return 0;
      }
      requests += new JsonObject(answer.body()).getJsonObject("total").getLong("requests");
    }
    return requests;
  }

  private static long ledger(MeteringService metering) {
    return metering.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("stream-metering-metrics")
            && (e.getKey().name().equals("priced-total")
                || e.getKey().name().startsWith("unpriced-") && e.getKey().name().endsWith("-total")))
        .mapToLong(e -> Math.round(((Number) e.getValue().metricValue()).doubleValue()))
        .sum();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
