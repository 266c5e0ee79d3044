package dev.tollgate.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads about a process it started: CPU time, resident memory, JVM heap. */
public final class ProcessStats {
  /** {@code  def new generation   total 9792K, used 3215K [...]}, {@code  garbage-first heap   total ..., used ...}. */
  private static final Pattern HEAP_USED = Pattern.compile("^\\s*\\S.*\\btotal \\d+K, used (\\d+)K");
  private ProcessStats() {}

  /** User plus system CPU time so far, in nanoseconds (from {@code /proc/<pid>/stat} through ProcessHandle). */
  public static long cpuNanos(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + pid));
  }

  /**
   * CPU time so far of each live thread, by the kernel's name for it (the Java thread name cut to 15 characters:
   * {@code C2 CompilerThre}, {@code VM Thread}, {@code kafka-producer-}, {@code rocksdb:low}…), in clock ticks
   * (user + system, fields 14 and 15 of {@code /proc/<pid>/task/<tid>/stat}); threads of one name are added up.
   * Only the shares matter to the callers, so the tick length is not needed.
   */
  public static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String[] after = stat.substring(close + 2).split(" ");
        // after the name: state is field 3, so utime (14) and stime (15) are at 11 and 12
        long used = Long.parseLong(after[11]) + Long.parseLong(after[12]);
        ticks.merge(stat.substring(open + 1, close), used, Long::sum);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the threads of pid " + pid, e);
    }
    return ticks;
  }

  /** Resident set size in bytes, from {@code /proc/<pid>/status}. */
  public static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the RSS of pid " + pid, e);
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  /**
   * Heap used now, in bytes: the sum of the generations' (or the G1 heap's) {@code used} figures from
   * {@code jcmd GC.heap_info}, which reads the collector itself rather than sampled counters.
   */
  public static long heapUsedBytes(long pid) {
    long kib = 0;
    for (String line : run(List.of(tool("jcmd"), Long.toString(pid), "GC.heap_info")).split("\n")) {
      Matcher used = HEAP_USED.matcher(line);
      if (used.find()) {
        kib += Long.parseLong(used.group(1));
      }
    }
    if (kib == 0) {
      throw new IllegalStateException("no heap figures from jcmd GC.heap_info for pid " + pid);
    }
    return kib * 1024;
  }

  /** Seconds the JIT compilers have spent so far ({@code jstat -compiler}). */
  public static double compileSeconds(long pid) {
    String[] lines = run(List.of(tool("jstat"), "-compiler", Long.toString(pid))).strip().split("\n");
    List<String> names = List.of(lines[0].trim().split("\\s+"));
    return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[names.indexOf("Time")]);
  }

  /** Runs a full collection ({@code jcmd GC.run}), so that the heap used afterwards is the live set. */
  public static void fullGc(long pid) {
    run(List.of(tool("jcmd"), Long.toString(pid), "GC.run"));
  }

  /** Starts a JFR recording of {@code seconds} written to {@code file} ({@code jcmd JFR.start}). */
  public static void startRecording(long pid, int seconds, Path file) {
    run(List.of(tool("jcmd"), Long.toString(pid), "JFR.start", "duration=" + seconds + "s",
        "filename=" + file.toAbsolutePath(), "settings=profile"));
  }

  private static String tool(String name) {
    Path sibling = Path.of(ChildProcess.javaBinary()).resolveSibling(name);
    return Files.isExecutable(sibling) ? sibling.toString() : name;
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    }
  }
}
