package dev.tollgate.edge.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A metric with labels: one series per distinct set of label values, found without a lock.
 *
 * <p>Label values often come from clients (a model name is whatever the request said), so the number of series is
 * capped: past {@code maxSeries}, new label sets all land in one series whose every label is {@code other}, as
 * OpenTelemetry's cardinality limit does. Memory stays bounded and the totals stay right.
 *
 * @param <S> the series type
 */
abstract class MetricFamily<S> implements Collector {
  static final String OVERFLOW = "other";

  private final String name;
  private final String help;
  private final String[] labelNames;
  private final int maxSeries;
  private final Map<LabelValues, S> series = new ConcurrentHashMap<>();
  private final AtomicInteger seriesCount = new AtomicInteger();
  private final LabelValues overflow;

  MetricFamily(String name, String help, int maxSeries, String... labelNames) {
    this.name = TextFormat.checkMetricName(name);
    this.help = Objects.requireNonNull(help, "help");
    this.labelNames = labelNames.clone();
    Arrays.stream(this.labelNames).forEach(TextFormat::checkLabelName);
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries must be >= 1, got " + maxSeries);
    }
    this.maxSeries = maxSeries;
    String[] others = new String[labelNames.length];
    Arrays.fill(others, OVERFLOW);
    this.overflow = new LabelValues(others);
  }

  /** The Prometheus type: counter, gauge or histogram. */
  abstract String type();

  abstract S newSeries();

  abstract void renderSeries(StringBuilder out, String[] labelValues, S series);

  @Override
  public final String name() {
    return name;
  }

  final String[] labelNames() {
    return labelNames;
  }

  /** The series for these label values, in the order of the label names, created on first use. */
  final S labels(String... values) {
    if (values.length != labelNames.length) {
      throw new IllegalArgumentException(name + " takes " + labelNames.length + " label values, got " + values.length);
    }
    LabelValues key = new LabelValues(values);
    S existing = series.get(key);
    if (existing != null) {
      return existing;
    }
    // A copy for the map: the caller's array is only borrowed for the look-up.
    S created = series.computeIfAbsent(new LabelValues(values.clone()), this::admitSeries);
    return created != null ? created : series.computeIfAbsent(overflow, k -> newSeries());
  }

  @Override
  public final void render(StringBuilder out) {
    TextFormat.header(out, name, help, type());
    List<Map.Entry<LabelValues, S>> entries = new ArrayList<>(series.entrySet());
    entries.sort(Map.Entry.comparingByKey());
    for (Map.Entry<LabelValues, S> entry : entries) {
      renderSeries(out, entry.getKey().values(), entry.getValue());
    }
  }

  /** Runs once per new key (computeIfAbsent), so the count is exact; null lets the caller fall to the overflow. */
  private S admitSeries(LabelValues key) {
    if (seriesCount.incrementAndGet() > maxSeries) {
      seriesCount.decrementAndGet();
      return null;
    }
    return newSeries();
  }
}
