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
  /** CPU time the process used while another target was loaded, and how long that was: its idle cost. */
  long idleCpuNanos;
  long idleNanos;

  void add(RoundResult round) {
    latency.add(round.latency());
    ok += round.ok();
    errors += round.errors();
    elapsedNanos += round.elapsedNanos();
    cpuNanos += round.cpuNanos();
  }

  void addIdle(long cpu, long elapsed) {
    idleCpuNanos += cpu;
    idleNanos += elapsed;
  }

  /**
   * CPU per request once the process's idle cost (timers, Kafka clients' polling), measured while other targets were
   * loaded, is taken out of its loaded rounds.
   */
  double netCpuMicrosPerRequest() {
    if (ok == 0 || idleNanos == 0) {
      return Double.NaN;
    }
    double idleRate = idleCpuNanos / (double) idleNanos;
    return (cpuNanos - idleRate * elapsedNanos) / 1e3 / ok;
  }

  double requestsPerSecond() {
    return ok * 1e9 / elapsedNanos;
  }

  double cpuMicrosPerRequest() {
    return ok == 0 ? Double.NaN : cpuNanos / 1e3 / ok;
  }
}
