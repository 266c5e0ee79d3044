package dev.tollgate.metering;

import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A benchmark, not a test: how many usage events per second one metering instance prices and rolls up on this
 * machine's real broker. It pre-loads N events (in time order, distinct, six tenants, three models), starts one
 * instance on a fresh application id and state directory, and times from the start until the ledger holds N lines
 * ({@code priced-total}) and the hourly rollups, read through the usage API, count N requests.
 *
 * <p>Run it (N defaults to 20000; {@code TOLLGATE_KAFKA_BOOTSTRAP} points it at an existing cluster, else it starts
 * a broker of its own in this JVM):
 *
 * <pre>
 * mvn -o -q -pl metering-service -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp metering-service/target/test-classes:metering-service/target/classes:$(cat \
 *     metering-service/target/test-classpath.txt) dev.tollgate.metering.MeteringThroughputBenchmark 20000
 * </pre>
 */
public final class MeteringThroughputBenchmark {

  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private MeteringThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String existing = System.getenv("TOLLGATE_KAFKA_BOOTSTRAP");
    DedicatedBroker broker = existing == null ? DedicatedBroker.start() : null;
    String bootstrap = existing != null ? existing : broker.bootstrapServers();
    try {
      run(bootstrap, events);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    // the in-process broker leaves non-daemon threads behind
    System.exit(0);
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
    MeteringConfig config = MeteringFixtures.withApi("metering-bench-" + run, stateDir, MeteringSettings.defaults())
        .withBootstrapServers(bootstrap);
    long start = System.nanoTime();
    try (MeteringService metering = MeteringService.start(config)) {
      metering.awaitRunning(DEADLINE);
      double toRunning = seconds(start);
      Await.until(DEADLINE, () -> counter(metering, "priced-total") + unpriced(metering) >= events, "the ledger");
      double toLedger = seconds(start);
      Await.until(DEADLINE, () -> rolledUp(metering, scenario, base) >= events, "the rollups");
      double toRollups = seconds(start);
      System.out.printf("one instance (exactly_once_v2) priced and rolled up %d events: running after %.1f s,"
              + " ledger caught up after %.1f s, rollups after %.1f s%n", events, toRunning, toLedger, toRollups);
      System.out.printf("sustained: %.0f events/s from start, %.0f events/s once running%n",
          events / toRollups, events / (toRollups - toRunning));
      // wall-clock rates depend on what else the machine runs; CPU time per event much less so
      long streamCpu = threadCpuNanos(name -> name.contains("StreamThread-") && !name.contains("producer"));
      long producerCpu = threadCpuNanos(name -> name.contains("StreamThread-") && name.contains("producer"));
      System.out.printf("CPU per event: stream thread %.1f us, its producer's I/O thread %.1f us"
              + " (so about %.0f events/s per core for the stream thread alone)%n",
          streamCpu / 1e3 / events, producerCpu / 1e3 / events, events / (streamCpu / 1e9));
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

  /** CPU time, in nanoseconds, of the live threads whose name matches (the stream threads live until close). */
  private static long threadCpuNanos(Predicate<String> name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> name.test(thread.getName()))
        .mapToLong(thread -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
        .sum();
  }

  private static long unpriced(MeteringService metering) {
    return metering.metrics().keySet().stream()
        .filter(name -> name.group().equals("stream-metering-metrics") && name.name().startsWith("unpriced-")
            && name.name().endsWith("-total"))
        .mapToLong(name -> Math.round(((Number) metering.metrics().get(name).metricValue()).doubleValue()))
        .sum();
  }

  private static long counter(MeteringService metering, String name) {
    return metering.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("stream-metering-metrics") && e.getKey().name().equals(name))
        .mapToLong(e -> Math.round(((Number) e.getValue().metricValue()).doubleValue()))
        .sum();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
