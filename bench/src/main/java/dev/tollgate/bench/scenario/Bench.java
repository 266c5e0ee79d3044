package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.LoadGenerator;
import dev.tollgate.bench.stack.Stack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * What every scenario gets: the running processes, the load generator, the plan, where raw figures are printed and
 * the run's folder.
 *
 * @param jfr whether to record the edge with Java Flight Recorder during the saturated rounds
 * @param commitIntervals the commit intervals (ms) metering and the budget service run with, one pass of the
 *     metering and loop scenarios each; empty: one pass with the services' defaults
 */
public record Bench(Stack stack, LoadGenerator load, Plan plan, PrintStream raw, Path work, boolean jfr,
    List<Integer> commitIntervals) {

  /** The passes of the scenarios that run metering and the budget service: each interval, or the defaults (null). */
  public List<Integer> servicePasses() {
    return commitIntervals.isEmpty() ? Collections.singletonList(null) : commitIntervals;
  }
}
