package dev.tollgate.edge.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** Metric families in the order they were registered, rendered together for a scrape. */
final class MetricRegistry {
  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final Set<String> names = ConcurrentHashMap.newKeySet();

  Counter counter(String name, String help, int maxSeries, String... labelNames) {
    return register(new Counter(name, help, maxSeries, labelNames));
  }

  Gauge gauge(String name, String help, int maxSeries, String... labelNames) {
    return register(new Gauge(name, help, maxSeries, labelNames));
  }

  Histogram histogram(String name, String help, double[] upperBounds, int maxSeries, String... labelNames) {
    return register(new Histogram(name, help, upperBounds, maxSeries, labelNames));
  }

  void sampledGauge(String name, String help, DoubleSupplier sample) {
    register(new SampledGauge(name, help, sample));
  }

  void sampledGaugeFamily(String name, String help, String labelName, Supplier<Map<String, Double>> sample) {
    register(new SampledGaugeFamily(name, help, labelName, sample));
  }

  String render() {
    StringBuilder out = new StringBuilder(4_096);
    for (Collector collector : collectors) {
      collector.render(out);
    }
    return out.toString();
  }

  private <C extends Collector> C register(C collector) {
    if (!names.add(collector.name())) {
      throw new IllegalArgumentException("a metric named " + collector.name() + " is already registered");
    }
    // A metric without labels has exactly one series: create it now so that it shows 0 before its first event.
    if (collector instanceof MetricFamily<?> family && family.labelNames().length == 0) {
      family.labels();
    }
    collectors.add(collector);
    return collector;
  }
}
