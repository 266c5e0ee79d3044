package dev.tollgate.edge.metrics;

import java.util.regex.Pattern;

/**
 * Writes Prometheus' text exposition format, version 0.0.4: {@code # HELP} and {@code # TYPE} lines, then one
 * {@code name{label="value",...} number} line per sample.
 */
final class TextFormat {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private TextFormat() {}

  static String checkMetricName(String name) {
    if (name == null || !METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Prometheus metric name: " + name);
    }
    return name;
  }

  static String checkLabelName(String name) {
    if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
      throw new IllegalArgumentException("not a Prometheus label name: " + name);
    }
    return name;
  }

  static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ');
    escape(out, help, false);
    out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** One sample; {@code extraName} (for a histogram's {@code le}) is appended after the labels when not null. */
  static void sample(
      StringBuilder out, String name, String[] labelNames, String[] labelValues, String extraName, String extraValue,
      String value) {
    out.append(name);
    if (labelNames.length > 0 || extraName != null) {
      out.append('{');
      for (int i = 0; i < labelNames.length; i++) {
        label(out, i > 0, labelNames[i], labelValues[i]);
      }
      if (extraName != null) {
        label(out, labelNames.length > 0, extraName, extraValue);
      }
      out.append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  /** A number as Prometheus (and Go's ParseFloat) reads it: integral values without a fraction, +Inf, NaN. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static void label(StringBuilder out, boolean comma, String name, String value) {
    if (comma) {
      out.append(',');
    }
    out.append(name).append("=\"");
    escape(out, value, true);
    out.append('"');
  }

  /** Backslash and line feed are escaped everywhere, the double quote only inside a label value. */
  private static void escape(StringBuilder out, String text, boolean quote) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '"' && quote) {
        out.append("\\\"");
      } else {
        out.append(c);
      }
    }
  }
}
