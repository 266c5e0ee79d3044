package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.Target;
import dev.tollgate.bench.stack.ProcessStats;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Warms a target up until its JIT compilers have settled: measuring while C2 still compiles would count the
 * compilation as the request path's CPU time. On a busy machine that takes far longer than on a quiet one.
 */
final class WarmUp {
  /** Settled: the compilers spent less than this share of a warm-up step's wall time. */
  private static final double SETTLED_SHARE = 0.05;

  private WarmUp() {}

  /** Runs {@code step} (one warm-up's worth of load) until compilation settles, at most the plan's steps. */
  static void untilCompiled(Bench bench, Target target, Consumer<Target> step) {
    int maxSteps = bench.plan().warmUpSteps();
    double wall = bench.plan().warmUp().toNanos() / 1e9;
    long start = System.nanoTime();
    double jit = 0;
    int steps = 0;
    do {
      double before = ProcessStats.compileSeconds(target.pid());
      step.accept(target);
      jit = ProcessStats.compileSeconds(target.pid()) - before;
      steps++;
    } while (jit > SETTLED_SHARE * wall && steps < maxSteps);
    bench.raw().printf(Locale.ROOT, "warm-up %s: %.0f s, %d steps; JIT %.2f s in the last step%s%n", target.name(),
        (System.nanoTime() - start) / 1e9, steps, jit, jit > SETTLED_SHARE * wall ? " (not settled: the figures include JIT)" : "");
  }
}
