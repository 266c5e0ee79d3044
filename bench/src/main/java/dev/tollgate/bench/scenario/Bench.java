package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.LoadGenerator;
import dev.tollgate.bench.stack.Stack;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every scenario gets: the running processes, the load generator, the plan, where raw figures are printed and
 * the run's folder.
 *
 * @param jfr whether to record the edge with Java Flight Recorder during the saturated rounds
 */
public record Bench(Stack stack, LoadGenerator load, Plan plan, PrintStream raw, Path work, boolean jfr) {}
