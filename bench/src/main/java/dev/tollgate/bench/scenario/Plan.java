package dev.tollgate.bench.scenario;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each scenario runs. {@link #full()} keeps a whole run under about ten minutes;
 * {@link #quick()} is a smoke run of about a minute once the processes are up.
 *
 * @param warmUp one step of load on each target before the measured rounds (JIT compilation, connection pools)
 * @param warmUpSteps at most this many warm-up steps: they stop once the target's JIT compilers have settled
 * @param rounds measured rounds per target; targets alternate within each round
 * @param round length of one round of non-streamed load
 * @param saturationConcurrency closed-loop workers for the saturated throughput
 * @param fixedRate the open loop's requests per second
 * @param streamRound length of one round of streams
 * @param fewStreams concurrent streams for time to first token and gaps
 * @param manyStreams concurrent streams for stream throughput
 * @param memoryLevels concurrent slow streams at which the edge's memory is read (capped by the fd limit)
 * @param streamOpenRate slow streams opened per second
 * @param meteringEvents usage events pre-loaded for the metering scenario
 * @param loopRounds measured rounds of the loop scenario (after one unmeasured round)
 */
public record Plan(Duration warmUp, int warmUpSteps, int rounds, Duration round, int saturationConcurrency, int fixedRate,
    Duration streamRound, int fewStreams, int manyStreams, List<Integer> memoryLevels, int streamOpenRate,
    int meteringEvents, int loopRounds) {

  public static Plan full() {
    return new Plan(Duration.ofSeconds(5), 6, 3, Duration.ofSeconds(5), 32, 200,
        Duration.ofSeconds(7), 20, 200, List.of(1_000, 10_000), 500, 200_000, 30);
  }

  public static Plan quick() {
    return new Plan(Duration.ofSeconds(2), 1, 1, Duration.ofSeconds(1), 32, 200,
        Duration.ofSeconds(2), 10, 50, List.of(1_000), 1_000, 20_000, 10);
  }
}
