package dev.tollgate.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One round of streams on one target.
 *
 * @param ttft nanoseconds from the send to the first token
 * @param gaps nanoseconds between consecutive tokens of a stream
 * @param lateness how late each later token arrived against the upstream's schedule (token {@code i} is due
 *     {@code i} token periods after the first): a proxy that held chunks back would show here
 * @param completed streams that ended normally
 * @param failed streams that did not (status, reset, cut)
 * @param tokens token events received
 * @param incomplete completed streams with fewer tokens than the first complete one (a lost chunk)
 * @param elapsedNanos length of the round
 * @param cpuNanos CPU time the target's process used during the round
 */
public record StreamResult(Histogram ttft, Histogram gaps, Histogram lateness, long completed, long failed,
    long tokens, long incomplete, long elapsedNanos, long cpuNanos) {

  StreamResult withCpu(long cpu) {
    return new StreamResult(ttft, gaps, lateness, completed, failed, tokens, incomplete, elapsedNanos, cpu);
  }

  public double streamsPerSecond() {
    return completed * 1e9 / elapsedNanos;
  }

  public double tokensPerSecond() {
    return tokens * 1e9 / elapsedNanos;
  }

  /** CPU time of the target's process per token event, in microseconds. */
  public double cpuMicrosPerToken() {
    return tokens == 0 ? Double.NaN : cpuNanos / 1e3 / tokens;
  }

  /** Collects a round's streams on the event loop. */
  static final class Builder implements SseStream.TokenSink {
    private final long tokenPeriodNanos;
    private final Histogram ttft = LoadGenerator.histogram();
    private final Histogram gaps = LoadGenerator.histogram();
    private final Histogram lateness = LoadGenerator.histogram();
    private long completed;
    private long failed;
    private long tokens;
    private long incomplete;
    private int expectedTokens = -1;

    Builder(long tokenPeriodNanos) {
      this.tokenPeriodNanos = tokenPeriodNanos;
    }

    @Override
    public void firstToken(long ttftNanos) {
      ttft.recordValue(clamp(ttftNanos));
      tokens++;
    }

    @Override
    public void nextToken(long gapNanos, int index, long sinceFirstNanos) {
      gaps.recordValue(clamp(gapNanos));
      lateness.recordValue(clamp(sinceFirstNanos - index * tokenPeriodNanos));
      tokens++;
    }

    void add(SseStream stream, boolean ok) {
      if (!ok) {
        failed++;
        return;
      }
      completed++;
      if (expectedTokens < 0) {
        expectedTokens = stream.tokens();
      } else if (stream.tokens() != expectedTokens) {
        incomplete++;
      }
    }

    StreamResult build(long elapsedNanos) {
      return new StreamResult(ttft, gaps, lateness, completed, failed, tokens, incomplete, elapsedNanos, 0);
    }

    private static long clamp(long nanos) {
      return Math.max(0, Math.min(nanos, LoadGenerator.HIGHEST_NANOS));
    }
  }
}
