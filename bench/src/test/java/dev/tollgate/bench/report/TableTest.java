package dev.tollgate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void printsDifferenceAndRatioWhenBothFiguresExist() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Table.print(List.of(
        new Row("chat", "p50 ms", 0.5, 0.75, 0.7, "added ≤ 0.25 ms"),
        Row.edgeOnly("memory", "RSS MiB", 300, null)), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    assertEquals(4, lines.size());
    assertTrue(lines.get(2).matches("\\| chat +\\| p50 ms +\\| +0\\.500 \\| +0\\.750 \\| +0\\.250 \\| +1\\.50× \\|"
        + " +0\\.700 \\| added ≤ 0\\.25 ms \\|"), lines.get(2));
    assertTrue(lines.get(3).matches("\\| memory +\\| RSS MiB +\\| +\\| +300\\.0 \\| +\\| +\\| +\\| +\\|"), lines.get(3));
  }

  @Test
  void formatsAboutThreeSignificantFigures() {
    assertEquals("12345", Table.format(12345.4));
    assertEquals("123.4", Table.format(123.44));
    assertEquals("1.23", Table.format(1.234));
    assertEquals("0.012", Table.format(0.0123));
    assertEquals("n/a", Table.format(Double.NaN));
  }
}
