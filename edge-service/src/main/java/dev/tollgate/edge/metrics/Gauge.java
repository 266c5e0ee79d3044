package dev.tollgate.edge.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down, set or adjusted by the code that knows it. */
final class Gauge extends MetricFamily<Gauge.Series> {
  Gauge(String name, String help, int maxSeries, String... labelNames) {
    super(name, help, maxSeries, labelNames);
  }

  @Override
  String type() {
    return "gauge";
  }

  @Override
  Series newSeries() {
    return new Series();
  }

  @Override
  void renderSeries(StringBuilder out, String[] labelValues, Series series) {
    TextFormat.sample(out, name(), labelNames(), labelValues, null, null, TextFormat.number(series.value()));
  }

  /** A double held as its bits in an {@link AtomicLong}: lock-free set and add. */
  static final class Series {
    private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

    void set(double value) {
      bits.set(Double.doubleToRawLongBits(value));
    }

    void add(double delta) {
      long current;
      do {
        current = bits.get();
      } while (!bits.compareAndSet(current, Double.doubleToRawLongBits(Double.longBitsToDouble(current) + delta)));
    }

    double value() {
      return Double.longBitsToDouble(bits.get());
    }
  }
}
