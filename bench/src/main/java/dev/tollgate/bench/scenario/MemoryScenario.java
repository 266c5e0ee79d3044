package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.OpenStreams;
import dev.tollgate.bench.load.Target;
import dev.tollgate.bench.report.Row;
import dev.tollgate.bench.stack.ProcessStats;
import dev.tollgate.bench.stack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 3: the edge's memory with many slow streams open at once (one token a second, through the edge with usage
 * events on). At each level it reads the heap in use, the live heap after a full collection ({@code jcmd GC.run}),
 * and the resident set size. Every stream holds two sockets in the edge (client and upstream), so a level is capped
 * by the edge's open-file limit; the cap is reported when it applies.
 */
public final class MemoryScenario implements Scenario {
  static final String NAME = "memory";
  /** File descriptors the edge uses besides its streams' sockets (jars, Kafka clients, epoll), with room to spare. */
  private static final int OTHER_FDS = 300;
  private static final long MIB = 1024 * 1024;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    Stack stack = bench.stack();
    long pid = stack.edge().process().pid();
    Target edge = new Target("edge", stack.edge().port(), pid);
    int cap = (int) Math.min(Integer.MAX_VALUE, (openFileLimit(pid) - OTHER_FDS) / 2);
    List<Row> rows = new ArrayList<>();
    Reading base = read(pid);
    bench.raw().printf(Locale.ROOT, "memory baseline: heap %.1f MiB, live heap %.1f MiB, RSS %.1f MiB%n",
        base.heap / (double) MIB, base.live / (double) MIB, base.rss / (double) MIB);
    rows.add(Row.edgeOnly(NAME, "0 streams: live heap MiB", base.live / (double) MIB, null));
    rows.add(Row.edgeOnly(NAME, "0 streams: RSS MiB", base.rss / (double) MIB, null));
    int open = 0;
    List<OpenStreams> batches = new ArrayList<>();
    for (int asked : bench.plan().memoryLevels()) {
      int level = Math.min(asked, cap);
      if (level < asked) {
        bench.raw().printf(Locale.ROOT, "memory: %d streams asked, %d run: the edge may open %d files, two per"
            + " stream%n", asked, level, openFileLimit(pid));
      }
      OpenStreams batch = bench.load().openStreams(edge, Stack.SLOW, level - open, bench.plan().streamOpenRate());
      batches.add(batch);
      int expected = level;
      long deadline = System.nanoTime() + (level - open) * 1_000_000_000L / bench.plan().streamOpenRate()
          + 60_000_000_000L;
      while (established(batches) + failed(batches) < expected && System.nanoTime() < deadline) {
        Thread.sleep(250); // polling counters the event loop updates
      }
      open = level;
      Thread.sleep(3_000); // let every stream deliver a few tokens at one a second before reading memory
      int upstreamActive = stack.upstreamActive();
      Reading reading = read(pid);
      int live = established(batches);
      bench.raw().printf(Locale.ROOT, "memory %d streams: established %d failed %d upstream active %d; heap %.1f"
              + " MiB, live heap %.1f MiB, RSS %.1f MiB; %.1f KiB live heap per stream%n", level, live,
          failed(batches), upstreamActive, reading.heap / (double) MIB, reading.live / (double) MIB,
          reading.rss / (double) MIB, (reading.live - base.live) / 1024.0 / Math.max(1, live));
      batches.forEach(b -> b.failures().forEach((why, n) -> bench.raw().printf("    failed %d: %s%n", n, why)));
      String label = String.format(Locale.ROOT, "%,d streams", level);
      String target = level >= 9_000 ? "10 000 streams: heap ≤ 512 MiB" : null;
      rows.add(Row.edgeOnly(NAME, label + ": heap used MiB (before GC)", reading.heap / (double) MIB, null));
      rows.add(Row.edgeOnly(NAME, label + ": live heap MiB (after full GC)", reading.live / (double) MIB, target));
      rows.add(Row.edgeOnly(NAME, label + ": RSS MiB", reading.rss / (double) MIB, null));
      rows.add(Row.edgeOnly(NAME, label + ": live heap KiB per stream",
          (reading.live - base.live) / 1024.0 / Math.max(1, live), null));
      rows.add(Row.edgeOnly(NAME, label + ": streams established", live, null));
      rows.add(Row.edgeOnly(NAME, label + ": failed", failed(batches), "0"));
    }
    bench.load().resetConnections();
    return rows;
  }

  private static int established(List<OpenStreams> batches) {
    return batches.stream().mapToInt(OpenStreams::established).sum();
  }

  private static int failed(List<OpenStreams> batches) {
    return batches.stream().mapToInt(OpenStreams::failed).sum();
  }

  private static Reading read(long pid) {
    long heap = ProcessStats.heapUsedBytes(pid);
    long rssBefore = ProcessStats.rssBytes(pid);
    ProcessStats.fullGc(pid);
    long live = ProcessStats.heapUsedBytes(pid);
    return new Reading(heap, live, Math.max(rssBefore, ProcessStats.rssBytes(pid)));
  }

  /** The soft limit on open files of {@code pid}, from {@code /proc/<pid>/limits}. */
  private static long openFileLimit(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
      if (line.startsWith("Max open files")) {
        return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
      }
    }
    return Long.MAX_VALUE;
  }

  private record Reading(long heap, long live, long rss) {}
}
