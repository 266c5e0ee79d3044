package dev.tollgate.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One round of non-streamed load on one target.
 *
 * @param latency nanoseconds per request: from the send (closed loop) or the intended send (open loop) to the last
 *     byte of the answer
 * @param ok answers with status 200
 * @param errors anything else: other statuses, connection errors
 * @param elapsedNanos from the first send to the last answer
 * @param cpuNanos CPU time the target's process used during the round
 */
public record RoundResult(Histogram latency, long ok, long errors, long elapsedNanos, long cpuNanos) {
  public double requestsPerSecond() {
    return ok * 1e9 / elapsedNanos;
  }

  /** CPU time of the target's process per request, in microseconds. */
  public double cpuMicrosPerRequest() {
    return ok == 0 ? Double.NaN : cpuNanos / 1e3 / ok;
  }
}
