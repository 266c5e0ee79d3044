package dev.tollgate.edge.metrics;

import java.util.Arrays;
import java.util.Objects;

/** The label values of one series: the key of its family's map, ordered for a stable rendering. */
final class LabelValues implements Comparable<LabelValues> {
  private final String[] values;
  private final int hash;

  LabelValues(String[] values) {
    for (String value : values) {
      Objects.requireNonNull(value, "a label value may not be null");
    }
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  String[] values() {
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelValues that && hash == that.hash && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(LabelValues other) {
    return Arrays.compare(values, other.values);
  }
}
