package dev.tollgate.bench.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the benchmark started: its output goes to a log file, a line of it can be awaited, and it is stopped by its
 * own process handle only. Its stdin stays an open pipe, so children that watch stdin die with us.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final CompletableFuture<Matcher> readyLine = new CompletableFuture<>();

  private ChildProcess(String name, Process process, Path log, Pattern ready) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread pump = new Thread(() -> copyOutput(ready), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code command} with its output in {@code log}; {@link #awaitReady} waits for a line matching {@code ready}. */
  public static ChildProcess start(String name, List<String> command, Path log, Pattern ready) throws IOException {
    return start(name, command, Map.of(), log, ready);
  }

  /** {@link #start(String, List, Path, Pattern)} with {@code env} added to this process's environment. */
  public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log,
      Pattern ready) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(Redirect.PIPE)
        .redirectInput(Redirect.PIPE);
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log, ready);
  }

  /** The java binary this JVM runs with, for children to use the same. */
  public static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The command line of a JVM: {@code java flags -cp classpath main args}. */
  public static List<String> jvm(List<String> flags, String classpath, String main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(flags);
    command.add("-cp");
    command.add(classpath);
    command.add(main);
    command.addAll(args);
    return command;
  }

  /** Waits for the ready line and returns its match; fails with the end of the log if the process dies first. */
  public Matcher awaitReady(Duration deadline) {
    try {
      return readyLine.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name + " (pid " + pid() + ") was not ready within " + deadline.toSeconds()
          + " s; its output is in " + log, e);
    }
  }

  /** Runs to its end (for short commands) and returns its exit code. */
  public int awaitExit(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(name + " did not finish within " + deadline.toSeconds() + " s; see " + log);
    }
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** Stops this process only: SIGTERM, up to 20 s, then SIGKILL. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void copyOutput(Pattern ready) {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        Matcher match = ready.matcher(line);
        if (!readyLine.isDone() && match.find()) {
          readyLine.complete(match);
        }
      }
    } catch (IOException e) {
      readyLine.completeExceptionally(e);
    }
    readyLine.completeExceptionally(new IllegalStateException(name + " exited"));
  }
}
