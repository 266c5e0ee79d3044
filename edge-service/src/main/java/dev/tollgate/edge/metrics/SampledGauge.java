package dev.tollgate.edge.metrics;

import java.util.function.DoubleSupplier;

/** A gauge without labels read from its owner at each scrape, so the hot path does no metrics work for it. */
final class SampledGauge implements Collector {
  private final String name;
  private final String help;
  private final DoubleSupplier sample;

  SampledGauge(String name, String help, DoubleSupplier sample) {
    this.name = TextFormat.checkMetricName(name);
    this.help = help;
    this.sample = sample;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void render(StringBuilder out) {
    TextFormat.header(out, name, help, "gauge");
    TextFormat.sample(out, name, new String[0], new String[0], null, null, TextFormat.number(sample.getAsDouble()));
  }
}
