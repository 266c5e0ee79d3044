package dev.tollgate.bench;

import dev.tollgate.bench.load.LoadGenerator;
import dev.tollgate.bench.load.Requests;
import dev.tollgate.bench.report.Row;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.scenario.Bench;
import dev.tollgate.bench.scenario.ChatScenario;
import dev.tollgate.bench.scenario.LoopScenario;
import dev.tollgate.bench.scenario.MemoryScenario;
import dev.tollgate.bench.scenario.MeteringScenario;
import dev.tollgate.bench.scenario.Plan;
import dev.tollgate.bench.scenario.Scenario;
import dev.tollgate.bench.scenario.StreamScenario;
import dev.tollgate.bench.stack.Stack;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bench/run [--quick] [--only metering,loop,chat,stream,memory] [--commit-intervals 100,50] [--jfr]
 * [--root DIR]}: starts the processes, runs every scenario and prints the raw figures of each round, then one table.
 */
public final class BenchMain {
  /**
   * Every scenario, in the order they run. Metering and the loop come first: their services read
   * {@code tollgate.usage} from the beginning, which then holds only their own events, not the other scenarios'.
   */
  static final List<Scenario> SCENARIOS = List.of(new MeteringScenario(), new LoopScenario(), new ChatScenario(),
      new StreamScenario(), new MemoryScenario());

  private BenchMain() {}

  public static void main(String[] argv) throws Exception {
    List<String> args = Arrays.asList(argv);
    boolean quick = args.contains("--quick");
    boolean jfr = args.contains("--jfr");
    Path root = Path.of(value(args, "--root", ".")).toAbsolutePath().normalize();
    Set<String> only = Arrays.stream(value(args, "--only", "").split(",")).filter(s -> !s.isBlank())
        .collect(Collectors.toSet());
    List<Integer> commitIntervals = Arrays.stream(value(args, "--commit-intervals", "").split(","))
        .filter(s -> !s.isBlank()).map(s -> Integer.valueOf(s.trim())).toList();
    Plan plan = quick ? Plan.quick() : Plan.full();
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path work = Files.createDirectories(root.resolve("bench").resolve("target").resolve("run-" + stamp));

    System.out.printf("Tollgate benchmark, %s UTC, %s mode%n", Instant.now(), quick ? "quick" : "full");
    System.out.printf("machine: %d cores (%s), %s; JDK %s (%s)%n", Runtime.getRuntime().availableProcessors(),
        cpuModel(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.version"), System.getProperty("java.vm.name"));
    System.out.println("edge JVM flags: " + String.join(" ", Stack.EDGE_JVM_FLAGS));
    System.out.println("upstream JVM flags: " + String.join(" ", Stack.UPSTREAM_JVM_FLAGS));
    System.out.println("load generator JVM flags: "
        + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    System.out.println("metering and budget service JVM flags: " + String.join(" ", Stack.SERVICE_JVM_FLAGS));
    System.out.println("plan: " + plan);
    System.out.println("commit intervals of metering and the budget service: "
        + (commitIntervals.isEmpty() ? "their defaults" : commitIntervals + " ms"));
    System.out.println("logs and recordings: " + work);

    long started = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    try (Stack stack = Stack.start(root, work);
        LoadGenerator load = new LoadGenerator(new Requests(stack.key()))) {
      System.out.printf("processes up after %.1f s: broker pid %d, upstream pid %d, edge pid %d (port %d),"
              + " edge without usage pid %d (port %d)%n%n", (System.nanoTime() - started) / 1e9, stack.brokerPid(),
          stack.upstream().pid(), stack.edge().process().pid(), stack.edge().port(),
          stack.edgeWithoutUsage().process().pid(), stack.edgeWithoutUsage().port());
      Bench bench = new Bench(stack, load, plan, System.out, work, jfr, commitIntervals);
      for (Scenario scenario : SCENARIOS) {
        if (only.isEmpty() || only.contains(scenario.name())) {
          long t = System.nanoTime();
          rows.addAll(scenario.run(bench));
          System.out.printf("(%s: %.0f s)%n%n", scenario.name(), (System.nanoTime() - t) / 1e9);
        }
      }
      System.out.println("usage events, edge:            " + usageFigures(stack.edgeMetrics(stack.edge())));
      System.out.println("usage events, edge usage off:  " + usageFigures(stack.edgeMetrics(stack.edgeWithoutUsage())));
    }
    System.out.println();
    Table.print(rows, System.out);
    System.out.printf("%nwhole run: %.0f s%n", (System.nanoTime() - started) / 1e9);
    System.exit(0);
  }

  /** The emitter's counters from the edge's {@code /metrics}: proof that usage events reached Kafka. */
  static String usageFigures(String metrics) {
    return metrics.lines()
        .filter(line -> line.startsWith("tollgate_edge_usage_events_"))
        .map(line -> line.replace("tollgate_edge_usage_events_", ""))
        .collect(Collectors.joining(", "));
  }

  private static String value(List<String> args, String flag, String fallback) {
    int i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
