package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.LoadGenerator;
import dev.tollgate.bench.load.RoundResult;
import dev.tollgate.bench.load.Target;
import dev.tollgate.bench.report.Row;
import dev.tollgate.bench.stack.ProcessStats;
import dev.tollgate.bench.stack.Stack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Scenario 1: non-streamed chat against an instant upstream (16 tokens, no delay). Saturated throughput (closed loop),
 * latency at concurrency 1, latency at a fixed rate (open loop, coordinated-omission-correct), and CPU time per
 * request of the process serving each target, for the simulator directly, the edge, and the edge without usage events.
 */
public final class ChatScenario implements Scenario {
  static final String NAME = "chat";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    Stack stack = bench.stack();
    List<Target> targets = List.of(
        new Target("direct", stack.upstreamPort(Stack.INSTANT), stack.upstream().pid()),
        new Target("edge", stack.edge().port(), stack.edge().process().pid()),
        new Target("edge-nousage", stack.edgeWithoutUsage().port(), stack.edgeWithoutUsage().process().pid()));
    Plan plan = bench.plan();
    for (Target target : targets) {
      WarmUp.untilCompiled(bench, target, t -> bench.load().closedLoop(t, Stack.INSTANT,
          plan.saturationConcurrency(), plan.warmUp()));
    }
    if (bench.jfr()) {
      long seconds = plan.round().toSeconds() * plan.rounds() * targets.size() + 5;
      ProcessStats.startRecording(stack.edge().process().pid(), (int) seconds, bench.work().resolve("edge-saturated.jfr"));
    }
    String saturated = "closed loop c=" + plan.saturationConcurrency();
    Map<Target, Totals> sat = rounds(bench, targets, saturated,
        (load, target) -> load.closedLoop(target, Stack.INSTANT, plan.saturationConcurrency(), plan.round()));
    Map<Target, Totals> single = rounds(bench, targets, "closed loop c=1",
        (load, target) -> load.closedLoop(target, Stack.INSTANT, 1, plan.round()));
    String fixed = "open loop " + plan.fixedRate() + "/s";
    Map<Target, Totals> open = rounds(bench, targets, fixed,
        (load, target) -> load.openLoop(target, Stack.INSTANT, plan.fixedRate(), plan.round()));

    List<Row> rows = new ArrayList<>();
    rows.add(row(targets, sat, saturated + ": requests/s", Totals::requestsPerSecond, "edge ≥ 0.3× direct"));
    rows.add(row(targets, sat, saturated + ": CPU µs/request (direct: the simulator's)",
        Totals::cpuMicrosPerRequest, "edge ≤ 70 µs"));
    rows.add(row(targets, sat, saturated + ": CPU µs/request, net of idle CPU", Totals::netCpuMicrosPerRequest,
        null));
    for (double p : Percentiles.LATENCY) {
      rows.add(row(targets, single, "c=1: p" + Percentiles.label(p) + " ms",
          t -> Percentiles.ms(t.latency, p), null));
    }
    for (double p : Percentiles.LATENCY) {
      String target = p == 50 ? "added ≤ 0.25 ms" : p == 99 ? "added ≤ 1 ms" : null;
      rows.add(row(targets, open, fixed + ": p" + Percentiles.label(p) + " ms",
          t -> Percentiles.ms(t.latency, p), target));
    }
    rows.add(row(targets, open, fixed + ": CPU µs/request (direct: the simulator's)",
        Totals::cpuMicrosPerRequest, null));
    rows.add(row(targets, open, fixed + ": CPU µs/request, net of idle CPU", Totals::netCpuMicrosPerRequest, null));
    rows.add(row(targets, sat, "errors (all rounds, saturated)", t -> (double) t.errors, "0"));
    return rows;
  }

  /** Runs {@code plan.rounds()} rounds, the targets' order reversed every other round so drift cancels out. */
  private static Map<Target, Totals> rounds(Bench bench, List<Target> targets, String what,
      BiFunction<LoadGenerator, Target, RoundResult> round) {
    long upstreamPid = bench.stack().upstream().pid();
    Map<Target, Totals> totals = new LinkedHashMap<>();
    targets.forEach(t -> totals.put(t, new Totals()));
    for (int r = 0; r < bench.plan().rounds(); r++) {
      List<Target> order = new ArrayList<>(targets);
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      for (Target target : order) {
        Map<Target, Long> cpuBefore = cpu(targets);
        double jitBefore = ProcessStats.compileSeconds(target.pid());
        long start = System.nanoTime();
        RoundResult result = round.apply(bench.load(), target);
        long elapsed = System.nanoTime() - start;
        Map<Target, Long> cpuAfter = cpu(targets);
        double jit = ProcessStats.compileSeconds(target.pid()) - jitBefore;
        totals.get(target).add(result);
        for (Target other : targets) {
          if (other != target && other.pid() != upstreamPid) {
            totals.get(other).addIdle(cpuAfter.get(other) - cpuBefore.get(other), elapsed);
          }
        }
        bench.raw().printf(Locale.ROOT, "chat %-22s round %d %-13s %8.0f req/s  cpu %7.1f µs/req  jit %4.1f s"
                + "  errors %d  %s%n", what, r + 1, target.name(), result.requestsPerSecond(),
            result.cpuMicrosPerRequest(), jit, result.errors(), Percentiles.summary(result.latency()));
      }
    }
    return totals;
  }

  private static Map<Target, Long> cpu(List<Target> targets) {
    Map<Target, Long> cpu = new LinkedHashMap<>();
    targets.forEach(t -> cpu.put(t, ProcessStats.cpuNanos(t.pid())));
    return cpu;
  }

  private static Row row(List<Target> targets, Map<Target, Totals> totals, String metric,
      Function<Totals, Double> figure, String target) {
    return new Row(NAME, metric, figure.apply(totals.get(targets.get(0))), figure.apply(totals.get(targets.get(1))),
        figure.apply(totals.get(targets.get(2))), target);
  }

}
