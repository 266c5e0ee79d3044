package dev.tollgate.edge.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up; a {@link LongAdder} per series keeps increments from contending across threads. */
final class Counter extends MetricFamily<Counter.Series> {
  Counter(String name, String help, int maxSeries, String... labelNames) {
    super(name, help, maxSeries, labelNames);
  }

  @Override
  String type() {
    return "counter";
  }

  @Override
  Series newSeries() {
    return new Series();
  }

  @Override
  void renderSeries(StringBuilder out, String[] labelValues, Series series) {
    TextFormat.sample(out, name(), labelNames(), labelValues, null, null, Long.toString(series.value()));
  }

  static final class Series {
    private final LongAdder count = new LongAdder();

    void inc() {
      count.increment();
    }

    void inc(long by) {
      if (by < 0) {
        throw new IllegalArgumentException("a counter only goes up, got " + by);
      }
      count.add(by);
    }

    long value() {
      return count.sum();
    }
  }
}
