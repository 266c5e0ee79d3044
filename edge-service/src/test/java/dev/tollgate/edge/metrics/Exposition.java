package dev.tollgate.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus text format 0.0.4 back, strictly: every line must be a HELP, a TYPE or a sample of the family
 * declared just before it, and label values are unescaped, so tests check what a scraper would see.
 */
final class Exposition {
  record Sample(String name, Map<String, String> labels, String value) {}

  final Map<String, String> help = new LinkedHashMap<>();
  final Map<String, String> type = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  private Exposition() {}

  static Exposition parse(String text) {
    assertTrue(text.isEmpty() || text.endsWith("\n"), "the exposition ends with a line feed");
    Exposition exposition = new Exposition();
    String family = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        family = parts[0];
        exposition.help.put(family, unescape(parts[1]));
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        assertEquals(family, parts[0], "TYPE follows the HELP of the same family");
        exposition.type.put(parts[0], parts[1]);
      } else {
        Sample sample = parseSample(line);
        assertTrue(belongsTo(sample.name(), family, exposition.type.get(family)),
            sample.name() + " is rendered under its own family, not " + family);
        exposition.samples.add(sample);
      }
    }
    return exposition;
  }

  /** The value of the one sample with this name and exactly these labels. */
  String value(String name, Map<String, String> labels) {
    List<String> found = samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .map(Sample::value)
        .toList();
    if (found.size() != 1) {
      fail("expected one sample " + name + labels + ", found " + found.size() + " in " + samples);
    }
    return found.get(0);
  }

  List<Sample> samplesOf(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static boolean belongsTo(String sampleName, String family, String type) {
    if ("histogram".equals(type)) {
      return sampleName.equals(family + "_bucket") || sampleName.equals(family + "_sum")
          || sampleName.equals(family + "_count");
    }
    return sampleName.equals(family);
  }

  private static Sample parseSample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), line.substring(space + 1));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String name = line.substring(i, equals);
      assertEquals('"', line.charAt(equals + 1), "label values are quoted");
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      while (line.charAt(j) != '"') {
        if (line.charAt(j) == '\\') {
          char escaped = line.charAt(++j);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(line.charAt(j));
        }
        j++;
      }
      labels.put(name, value.toString());
      i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
    }
    assertEquals(' ', line.charAt(i + 1), "one space between labels and value");
    return new Sample(line.substring(0, brace), labels, line.substring(i + 2));
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
