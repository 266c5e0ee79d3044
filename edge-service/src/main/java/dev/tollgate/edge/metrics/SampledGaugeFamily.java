package dev.tollgate.edge.metrics;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A gauge with one label whose series are read from their owner at each scrape: the series are whatever the
 * owner holds then (one per budget, say), so none lingers after its subject is gone.
 */
final class SampledGaugeFamily implements Collector {
  private final String name;
  private final String help;
  private final String[] labelNames;
  private final Supplier<Map<String, Double>> sample;

  SampledGaugeFamily(String name, String help, String labelName, Supplier<Map<String, Double>> sample) {
    this.name = TextFormat.checkMetricName(name);
    this.help = help;
    this.labelNames = new String[] {TextFormat.checkLabelName(labelName)};
    this.sample = sample;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void render(StringBuilder out) {
    TextFormat.header(out, name, help, "gauge");
    sample.get().forEach((label, value) ->
        TextFormat.sample(out, name, labelNames, new String[] {label}, null, null, TextFormat.number(value)));
  }
}
