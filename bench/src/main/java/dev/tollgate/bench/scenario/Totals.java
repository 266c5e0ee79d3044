package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.LoadGenerator;
import dev.tollgate.bench.load.RoundResult;
import org.HdrHistogram.Histogram;

/** The rounds of one target added up. */
final class Totals {
  final Histogram latency = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
  long ok;
  long errors;
  long elapsedNanos;
  long cpuNanos;

  void add(RoundResult round) {
    latency.add(round.latency());
    ok += round.ok();
    errors += round.errors();
    elapsedNanos += round.elapsedNanos();
    cpuNanos += round.cpuNanos();
  }

  double requestsPerSecond() {
    return ok * 1e9 / elapsedNanos;
  }

  double cpuMicrosPerRequest() {
    return ok == 0 ? Double.NaN : cpuNanos / 1e3 / ok;
  }
}
