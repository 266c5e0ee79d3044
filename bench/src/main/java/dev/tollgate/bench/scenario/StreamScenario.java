package dev.tollgate.bench.scenario;

import dev.tollgate.bench.load.LoadGenerator;
import dev.tollgate.bench.load.StreamResult;
import dev.tollgate.bench.load.Target;
import dev.tollgate.bench.report.Row;
import dev.tollgate.bench.stack.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Scenario 2: streamed chat, 100 tokens at 50 a second after a 100 ms first token (a realistic pace for a small
 * model). Time to first token, the gaps between tokens and each token's lateness against the upstream's schedule (a
 * proxy that held chunks back would show late tokens and gaps far from 20 ms), with a few concurrent streams and
 * with many.
 */
public final class StreamScenario implements Scenario {
  static final String NAME = "stream";
  private static final long TOKEN_PERIOD_NANOS = 1_000_000_000L / Stack.STREAM_TOKENS_PER_SECOND;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Row> run(Bench bench) {
    Stack stack = bench.stack();
    Target direct = new Target("direct", stack.upstreamPort(Stack.STREAM), stack.upstream().pid());
    Target edge = new Target("edge", stack.edge().port(), stack.edge().process().pid());
    Plan plan = bench.plan();
    for (Target target : List.of(direct, edge)) {
      WarmUp.untilCompiled(bench, target, t -> bench.load().streams(t, Stack.STREAM, plan.manyStreams(),
          plan.warmUp(), TOKEN_PERIOD_NANOS));
    }
    StreamTotals[] few = rounds(bench, direct, edge, plan.fewStreams());
    StreamTotals[] many = rounds(bench, direct, edge, plan.manyStreams());

    List<Row> rows = new ArrayList<>();
    String f = plan.fewStreams() + " streams";
    String m = plan.manyStreams() + " streams";
    rows.add(pair(f + ": TTFT p50 ms", few, t -> Percentiles.ms(t.ttft, 50), "added ≤ 1 ms"));
    rows.add(pair(f + ": TTFT p99 ms", few, t -> Percentiles.ms(t.ttft, 99), null));
    addGaps(rows, f, few);
    rows.add(pair(m + ": TTFT p50 ms", many, t -> Percentiles.ms(t.ttft, 50), null));
    rows.add(pair(m + ": TTFT p99 ms", many, t -> Percentiles.ms(t.ttft, 99), null));
    addGaps(rows, m, many);
    rows.add(pair(m + ": tokens/s delivered", many, StreamTotals::tokensPerSecond, null));
    rows.add(pair(m + ": streams/s completed", many, StreamTotals::streamsPerSecond, null));
    rows.add(pair(m + ": CPU µs/token (direct: the simulator's)", many, StreamTotals::cpuMicrosPerToken, null));
    rows.add(pair("failed or short streams (all rounds)", new StreamTotals[] {
        few[0].plus(many[0]), few[1].plus(many[1])}, t -> (double) (t.failed + t.incomplete), "0"));
    return rows;
  }

  private static void addGaps(List<Row> rows, String label, StreamTotals[] totals) {
    rows.add(pair(label + ": gap p50 ms", totals, t -> Percentiles.ms(t.gaps, 50), "≈ 20 ms both"));
    rows.add(pair(label + ": gap p99.9 ms", totals, t -> Percentiles.ms(t.gaps, 99.9), null));
    rows.add(pair(label + ": token lateness p99 ms", totals, t -> Percentiles.ms(t.lateness, 99),
        "nothing held back: ≈ direct"));
    rows.add(pair(label + ": token lateness max ms", totals, t -> Percentiles.maxMs(t.lateness), null));
  }

  private static StreamTotals[] rounds(Bench bench, Target direct, Target edge, int concurrency) {
    StreamTotals[] totals = {new StreamTotals(), new StreamTotals()};
    for (int r = 0; r < bench.plan().rounds(); r++) {
      List<Target> order = r % 2 == 0 ? List.of(direct, edge) : List.of(edge, direct);
      for (Target target : order) {
        StreamResult result = bench.load().streams(target, Stack.STREAM, concurrency, bench.plan().streamRound(),
            TOKEN_PERIOD_NANOS);
        totals[target == direct ? 0 : 1].add(result);
        bench.raw().printf(Locale.ROOT,
            "stream c=%-4d round %d %-7s %6.1f streams/s %7.0f tokens/s cpu %5.1f µs/token failed %d short %d%n"
                + "    ttft %s%n    gap  %s%n    late %s%n",
            concurrency, r + 1, target.name(), result.streamsPerSecond(), result.tokensPerSecond(),
            result.cpuMicrosPerToken(), result.failed(), result.incomplete(), Percentiles.summary(result.ttft()),
            Percentiles.summary(result.gaps()), Percentiles.summary(result.lateness()));
      }
    }
    return totals;
  }

  private static Row pair(String metric, StreamTotals[] totals, Function<StreamTotals, Double> f,
      String target) {
    return new Row(NAME, metric, f.apply(totals[0]), f.apply(totals[1]), null, target);
  }

  /** The rounds of one target added up. */
  private static final class StreamTotals {
    final Histogram ttft = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
    final Histogram gaps = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
    final Histogram lateness = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
    long completed;
    long failed;
    long incomplete;
    long tokens;
    long elapsedNanos;
    long cpuNanos;

    void add(StreamResult round) {
      ttft.add(round.ttft());
      gaps.add(round.gaps());
      lateness.add(round.lateness());
      completed += round.completed();
      failed += round.failed();
      incomplete += round.incomplete();
      tokens += round.tokens();
      elapsedNanos += round.elapsedNanos();
      cpuNanos += round.cpuNanos();
    }

    StreamTotals plus(StreamTotals other) {
      StreamTotals sum = new StreamTotals();
      sum.failed = failed + other.failed;
      sum.incomplete = incomplete + other.incomplete;
      return sum;
    }

    double tokensPerSecond() {
      return tokens * 1e9 / elapsedNanos;
    }

    double streamsPerSecond() {
      return completed * 1e9 / elapsedNanos;
    }

    double cpuMicrosPerToken() {
      return tokens == 0 ? Double.NaN : cpuNanos / 1e3 / tokens;
    }
  }
}
