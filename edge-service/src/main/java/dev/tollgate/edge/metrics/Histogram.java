package dev.tollgate.edge.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations counted into fixed buckets. Each bucket counts only its own range, so an observation touches one
 * adder; the cumulative {@code le} counts are summed at render time, where {@code _count} is the {@code +Inf}
 * bucket by construction.
 */
final class Histogram extends MetricFamily<Histogram.Series> {
  private final double[] upperBounds;
  private final String[] boundLabels;

  Histogram(String name, String help, double[] upperBounds, int maxSeries, String... labelNames) {
    super(name, help, maxSeries, labelNames);
    for (String label : labelNames) {
      if (label.equals("le")) {
        throw new IllegalArgumentException("le is the bucket label of a histogram and cannot be one of its own");
      }
    }
    this.upperBounds = checkBounds(upperBounds.clone());
    this.boundLabels = new String[upperBounds.length + 1];
    for (int i = 0; i < upperBounds.length; i++) {
      boundLabels[i] = TextFormat.number(upperBounds[i]);
    }
    boundLabels[upperBounds.length] = "+Inf";
  }

  @Override
  String type() {
    return "histogram";
  }

  @Override
  Series newSeries() {
    return new Series(upperBounds);
  }

  @Override
  void renderSeries(StringBuilder out, String[] labelValues, Series series) {
    long cumulative = 0;
    for (int i = 0; i < boundLabels.length; i++) {
      cumulative += series.buckets[i].sum();
      TextFormat.sample(out, name() + "_bucket", labelNames(), labelValues, "le", boundLabels[i],
          Long.toString(cumulative));
    }
    TextFormat.sample(out, name() + "_sum", labelNames(), labelValues, null, null,
        TextFormat.number(series.sum.sum()));
    TextFormat.sample(out, name() + "_count", labelNames(), labelValues, null, null, Long.toString(cumulative));
  }

  private static double[] checkBounds(double[] bounds) {
    for (int i = 0; i < bounds.length; i++) {
      if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
        throw new IllegalArgumentException("bucket bounds must be finite and strictly increasing (+Inf is implied)");
      }
    }
    return bounds;
  }

  static final class Series {
    private final double[] upperBounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    private Series(double[] upperBounds) {
      this.upperBounds = upperBounds;
      this.buckets = new LongAdder[upperBounds.length + 1];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double value) {
      // Bounds are inclusive (le = "less than or equal"); NaN and values past the last bound go to +Inf.
      int i = 0;
      while (i < upperBounds.length && !(value <= upperBounds[i])) {
        i++;
      }
      buckets[i].increment();
      sum.add(value);
    }
  }
}
