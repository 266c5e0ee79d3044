package dev.tollgate.launcher.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one file, so a single run reports them all. */
final class Problems {
  private final String file;
  private final List<ConfigProblem> found = new ArrayList<>();
  // Never decreases, so "did anything go wrong since" stays true when a problem is replaced by a better one.
  private int reported;

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  ConfigProblem add(Node at, String path, String message, String expected) {
    return add(at.getStartMark(), path, message, expected);
  }

  ConfigProblem add(Mark mark, String path, String message, String expected) {
    // SnakeYAML marks are 0-based; editors count from 1.
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    return record(new ConfigProblem(file, line, column, path, message, expected));
  }

  ConfigProblem addForFile(String message, String expected) {
    return record(new ConfigProblem(file, 0, 0, "", message, expected));
  }

  /** Withdraws a problem that a later, more precise one explains. */
  void retract(ConfigProblem problem) {
    found.remove(problem);
  }

  /** How many problems were ever reported, including withdrawn ones: compare counts to see if any arose. */
  int count() {
    return reported;
  }

  private ConfigProblem record(ConfigProblem problem) {
    found.add(problem);
    reported++;
    return problem;
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** In document order, which is the order a reader fixes them in. */
  List<ConfigProblem> sorted() {
    List<ConfigProblem> out = new ArrayList<>(found);
    out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return List.copyOf(out);
  }
}
