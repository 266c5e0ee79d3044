package dev.tollgate.edge.metrics;

/** Something the registry renders: one metric family with its HELP and TYPE lines and all its samples. */
interface Collector {
  String name();

  void render(StringBuilder out);
}
