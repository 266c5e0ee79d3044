package dev.tollgate.bench.scenario;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Reading histograms of nanoseconds in milliseconds. */
final class Percentiles {
  static final double[] LATENCY = {50, 90, 99, 99.9};

  private Percentiles() {}

  static double ms(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
  }

  static double maxMs(Histogram histogram) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1e6;
  }

  /** {@code p50 0.123 p90 ... max ... ms (n)} for the raw log. */
  static String summary(Histogram histogram) {
    StringBuilder text = new StringBuilder();
    for (double p : LATENCY) {
      text.append(String.format(Locale.ROOT, "p%s %.3f ", label(p), ms(histogram, p)));
    }
    return text.append(String.format(Locale.ROOT, "max %.3f ms (n=%d)", maxMs(histogram),
        histogram.getTotalCount())).toString();
  }

  static String label(double percentile) {
    return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
  }
}
