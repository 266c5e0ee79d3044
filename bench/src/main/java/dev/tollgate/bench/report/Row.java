package dev.tollgate.bench.report;

/**
 * One line of the result table. A figure that does not apply is null.
 *
 * @param scenario which scenario
 * @param metric what is measured, with its unit
 * @param direct the figure straight to the simulator
 * @param edge the figure through the edge as shipped (usage events on)
 * @param edgeWithoutUsage the figure through the edge with usage events off
 * @param target the target for this figure, if it has one
 */
public record Row(String scenario, String metric, Double direct, Double edge, Double edgeWithoutUsage, String target) {
  /** A figure of the edge alone. */
  public static Row edgeOnly(String scenario, String metric, double edge, String target) {
    return new Row(scenario, metric, null, edge, null, target);
  }
}
