package dev.tollgate.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints rows as a Markdown table: both figures, their difference and their ratio. */
public final class Table {
  private static final String[] HEADER =
      {"scenario", "metric", "direct", "edge", "edge − direct", "edge / direct", "edge, usage off", "target"};

  private Table() {}

  public static void print(List<Row> rows, PrintStream out) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row row : rows) {
      boolean both = present(row.direct()) && present(row.edge());
      cells.add(new String[] {
          row.scenario(), row.metric(), format(row.direct()), format(row.edge()),
          both ? format(row.edge() - row.direct()) : "",
          both && row.direct() != 0 ? String.format(Locale.ROOT, "%.2f×", row.edge() / row.direct()) : "",
          format(row.edgeWithoutUsage()), row.target() == null ? "" : row.target()});
    }
    int[] widths = new int[HEADER.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (int n = 0; n < cells.size(); n++) {
      StringBuilder text = new StringBuilder("|");
      for (int i = 0; i < widths.length; i++) {
        text.append(' ').append(pad(cells.get(n)[i], widths[i], i >= 2 && i <= 6)).append(" |");
      }
      out.println(text);
      if (n == 0) {
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
          rule.append(i >= 2 && i <= 6 ? "-".repeat(widths[i] + 1) + ":|" : "-".repeat(widths[i] + 2) + "|");
        }
        out.println(rule);
      }
    }
  }

  private static boolean present(Double value) {
    return value != null && !value.isNaN();
  }

  /** Three significant figures or so, without exponent. */
  static String format(Double value) {
    if (value == null || value.isNaN()) {
      return value == null ? "" : "n/a";
    }
    double abs = Math.abs(value);
    String pattern = abs >= 1000 ? "%.0f" : abs >= 100 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, value);
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(width - text.length());
    return right ? spaces + text : text + spaces;
  }
}
