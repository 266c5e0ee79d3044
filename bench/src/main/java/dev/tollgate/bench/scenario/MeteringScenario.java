package dev.tollgate.bench.scenario;

import dev.tollgate.bench.kafka.TopicWatch;
import dev.tollgate.bench.kafka.UsageLoad;
import dev.tollgate.bench.report.Row;
import dev.tollgate.bench.stack.ChildProcess;
import dev.tollgate.bench.stack.ProcessStats;
import dev.tollgate.bench.stack.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 4: how many usage events one metering instance prices and rolls up per second. The usage events are
 * pre-loaded on {@code tollgate.usage} ({@link UsageLoad}); then {@code tollgate run metering} starts on a fresh
 * application id, so it reads the whole topic, and the scenario times from its Streams client running until the
 * ledger holds one line per event (read as the budget service reads it, {@code read_committed}). The metering
 * process's CPU time over the same span, divided by the events, gives the CPU per event and the events per second
 * one core would sustain; the same over the second half of the ledger gives the warm figure (JIT mostly done).
 *
 * <p>With {@code --commit-intervals}, one pass per interval, each on a fresh application id. The last pass runs
 * under {@link #LOOP_APPLICATION_ID}, so the loop scenario's metering starts where it ended instead of pricing the
 * whole topic again.
 */
public final class MeteringScenario implements Scenario {
  static final String NAME = "metering";
  /** The application id the loop scenario's metering runs under too. */
  static final String LOOP_APPLICATION_ID = "bench-metering";
  private static final long DEADLINE_NANOS = 15 * 60 * 1_000_000_000L;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    Stack stack = bench.stack();
    int events = bench.plan().meteringEvents();
    long t = System.nanoTime();
    UsageLoad.produce(stack.bootstrap(), events, List.of(
        Map.entry(Stack.INSTANT, Stack.INSTANT + "-0"), Map.entry(Stack.STREAM, Stack.STREAM + "-0"),
        Map.entry(Stack.SLOW, Stack.SLOW + "-0"), Map.entry(Stack.SLOW, Stack.SLOW + "-1")));
    bench.raw().printf(Locale.ROOT, "metering: pre-loaded %,d usage events in %.1f s%n", events,
        (System.nanoTime() - t) / 1e9);
    List<Row> rows = new ArrayList<>();
    List<Integer> passes = bench.servicePasses();
    for (int i = 0; i < passes.size(); i++) {
      boolean last = i == passes.size() - 1;
      String applicationId = last ? LOOP_APPLICATION_ID : LOOP_APPLICATION_ID + "-" + i;
      rows.addAll(pass(bench, passes.get(i), applicationId));
    }
    return rows;
  }

  private List<Row> pass(Bench bench, Integer commitMs, String applicationId) throws Exception {
    Stack stack = bench.stack();
    long events = TopicWatch.usageEvents(stack.bootstrap());
    Map<String, String> env = new HashMap<>();
    env.put("TOLLGATE_METERING_APPLICATION_ID", applicationId);
    if (commitMs != null) {
      env.put("TOLLGATE_METERING_COMMIT_INTERVAL_MS", commitMs.toString());
    }
    String label = commitMs == null ? "" : "commit " + commitMs + " ms: ";
    try (TopicWatch watch = new TopicWatch(stack.bootstrap(), "")) {
      long launched = System.nanoTime();
      ChildProcess metering = stack.startService("metering", applicationId, env);
      try {
        long running = System.nanoTime();
        long cpuAtRunning = ProcessStats.cpuNanos(metering.pid());
        long deadline = running + DEADLINE_NANOS;
        // the second half, from half the ledger on: the JIT compilers have done most of their work by then, so it
        // is the steady state a long-running instance sees; the whole span includes the warm-up
        long halfAt = 0;
        long cpuAtHalf = 0;
        while (watch.ledgerLines() < events && System.nanoTime() < deadline) {
          if (halfAt == 0 && watch.ledgerLines() >= events / 2) {
            halfAt = System.nanoTime();
            cpuAtHalf = ProcessStats.cpuNanos(metering.pid());
          }
          Thread.sleep(20); // polling a counter the watch thread updates
        }
        long done = System.nanoTime();
        long cpuAtDone = ProcessStats.cpuNanos(metering.pid());
        long lines = watch.ledgerLines();
        if (lines < events) {
          throw new IllegalStateException("metering wrote " + lines + " of " + events + " ledger lines in "
              + DEADLINE_NANOS / 1_000_000_000L + " s; see " + metering.log());
        }
        if (halfAt == 0) {
          halfAt = done;
          cpuAtHalf = cpuAtDone;
        }
        long cpu = cpuAtDone - cpuAtRunning;
        double seconds = (done - running) / 1e9;
        double microsPerEvent = cpu / 1e3 / events;
        long secondHalf = events - events / 2;
        double halfSeconds = Math.max(1e-9, (done - halfAt) / 1e9);
        double halfMicros = (cpuAtDone - cpuAtHalf) / 1e3 / secondHalf;
        bench.raw().printf(Locale.ROOT, "metering %s(%s, pid %d): running %.1f s after launch; %,d events"
                + " priced in %.2f s = %.0f events/s; process CPU %.2f s = %.1f µs/event = %.0f events/s per"
                + " core; second half %.0f events/s, %.1f µs/event = %.0f events/s per core%n", label,
            applicationId, metering.pid(), (running - launched) / 1e9, events, seconds, events / seconds,
            cpu / 1e9, microsPerEvent, 1e6 / microsPerEvent, secondHalf / halfSeconds, halfMicros,
            1e6 / halfMicros);
        bench.raw().printf(Locale.ROOT, "metering %sCPU by thread since its start: %s%n", label,
            ThreadShares.of(ProcessStats.threadTicks(metering.pid())));
        return List.of(
            Row.edgeOnly(NAME, label + "events priced (one instance)", events, null),
            Row.edgeOnly(NAME, label + "sustained events/s", events / seconds, null),
            Row.edgeOnly(NAME, label + "process CPU µs/event, whole run", microsPerEvent, null),
            Row.edgeOnly(NAME, label + "events/s per core, whole run (1e6 / CPU µs/event)", 1e6 / microsPerEvent,
                null),
            Row.edgeOnly(NAME, label + "process CPU µs/event, second half (warm)", halfMicros, null),
            Row.edgeOnly(NAME, label + "events/s per core, second half", 1e6 / halfMicros, "≥ 50 000"));
      } finally {
        metering.close();
      }
    }
  }
}
