package dev.tollgate.bench.scenario;

import dev.tollgate.bench.report.Row;
import java.util.List;

/**
 * One part of the benchmark. Each runs its load against the simulator directly and through the edge, interleaved
 * round by round, and returns its rows for the table; raw per-round figures go to {@link Bench#raw()}.
 *
 * <p>New parts (metering throughput, the usage-to-block loop) implement this and are added to
 * {@code BenchMain.SCENARIOS}; {@link Bench#stack()} is where they would start the extra processes they need.
 */
public interface Scenario {
  /** The name used in the table and on the command line ({@code --only NAME}). */
  String name();

  List<Row> run(Bench bench) throws Exception;
}
