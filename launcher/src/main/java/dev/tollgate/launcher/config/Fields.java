package dev.tollgate.launcher.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The fields of one YAML mapping, read by name. Every read names a field the reader knows, so whatever was never
 * read is a field nobody knows: {@link #rejectUnknown()} reports it with the nearest known name.
 */
final class Fields {
  private final MappingNode node;
  private final String path;
  private final Problems problems;
  private final Map<String, NodeTuple> byName = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();
  private final Map<String, ConfigProblem> missing = new LinkedHashMap<>();

  private Fields(MappingNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    List<Node> merged = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node key = tuple.getKeyNode();
      if (key.getTag().equals(Tag.MERGE)) {
        merged.add(tuple.getValueNode());
        continue;
      }
      if (!(key instanceof ScalarNode)) {
        problems.add(key, path, "a field name must be plain text", null);
        continue;
      }
      String name = ((ScalarNode) key).getValue();
      NodeTuple first = byName.putIfAbsent(name, tuple);
      if (first != null) {
        problems.add(key, pathOf(name), "duplicate field '" + name + "', already given on line "
            + (first.getKeyNode().getStartMark().getLine() + 1), "each field once");
      }
    }
    merged.forEach(this::merge);
  }

  /**
   * YAML's merge key ({@code <<: *defaults}): the merged mapping's fields apply where this one has none. SnakeYAML
   * resolves it only when constructing objects, which the node API skips, so it is done here.
   */
  private void merge(Node source) {
    if (source instanceof SequenceNode) {
      ((SequenceNode) source).getValue().forEach(this::merge);
    } else if (source instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) source).getValue()) {
        Node key = tuple.getKeyNode();
        if (key.getTag().equals(Tag.MERGE)) {
          merge(tuple.getValueNode());
        } else if (key instanceof ScalarNode) {
          byName.putIfAbsent(((ScalarNode) key).getValue(), tuple);
        }
      }
    } else {
      problems.add(source, path, "a merge (<<) takes a mapping or a list of mappings, got " + describe(source),
          "<<: *anchor");
    }
  }

  /** The fields of {@code node}, or empty (and a problem) when it is not a mapping. */
  static Optional<Fields> of(Node node, String path, Problems problems) {
    if (node instanceof MappingNode) {
      return Optional.of(new Fields((MappingNode) node, path, problems));
    }
    problems.add(node, path, "expected a mapping of fields, got " + describe(node), null);
    return Optional.empty();
  }

  MappingNode node() {
    return node;
  }

  String path() {
    return path;
  }

  String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  Problems problems() {
    return problems;
  }

  /** The value of {@code name}, or null when it is absent or YAML null. */
  Node value(String name) {
    known.add(name);
    NodeTuple tuple = byName.get(name);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return null;
    }
    return tuple.getValueNode();
  }

  /** Accepts, unread, every field whose name starts with {@code prefix}: a place for YAML anchors. */
  void allowUnread(String prefix) {
    byName.keySet().stream().filter(name -> name.startsWith(prefix)).forEach(known::add);
  }

  boolean has(String name) {
    return value(name) != null;
  }

  /** Reports {@code name} as missing unless it has a value; returns whether it has one. */
  boolean require(String name, String expected) {
    if (has(name)) {
      return true;
    }
    missing.put(name, problems.add(node, path, "missing required field '" + name + "'", expected));
    return false;
  }

  String text(String name) {
    ScalarNode scalar = scalar(name, "text");
    return scalar == null ? null : scalar.getValue();
  }

  String requiredText(String name, String expected) {
    return require(name, expected) ? text(name) : null;
  }

  Long whole(String name, long min, long max) {
    ScalarNode scalar = scalar(name, "a whole number");
    return scalar == null ? null : Scalars.whole(scalar, pathOf(name), min, max, problems);
  }

  Integer integer(String name, int min, int max) {
    Long value = whole(name, min, max);
    return value == null ? null : value.intValue();
  }

  /**
   * A non-negative decimal, exact: read from the scalar's text, never through a double, so {@code 0.1} stays
   * 0.1. Written as a YAML number or in quotes, both work.
   */
  BigDecimal decimal(String name) {
    ScalarNode scalar = scalar(name, "a decimal number");
    return scalar == null ? null : Scalars.decimal(scalar, pathOf(name), problems);
  }

  Boolean bool(String name) {
    ScalarNode scalar = scalar(name, "true or false");
    return scalar == null ? null : Scalars.bool(scalar, pathOf(name), problems);
  }

  /** An enum constant, written as its lower-case name ({@code lowest_latency}). */
  <E extends Enum<E>> E choice(String name, Class<E> type) {
    ScalarNode scalar = scalar(name, "one of: " + String.join(", ", Scalars.wireNames(type)));
    return scalar == null ? null : Scalars.choice(scalar, pathOf(name), name, type, problems);
  }

  /** The items of a list field; empty when absent. */
  List<Node> list(String name) {
    Node value = value(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof SequenceNode) {
      return ((SequenceNode) value).getValue();
    }
    problems.add(value, pathOf(name), "expected a list, got " + describe(value), null);
    return List.of();
  }

  /** The fields of a nested mapping; empty when absent or not a mapping. */
  Optional<Fields> mapping(String name) {
    Node value = value(name);
    return value == null ? Optional.empty() : of(value, pathOf(name), problems);
  }

  /**
   * The record {@code make} builds, unless reading its fields found problems since {@code problemsBefore}. The
   * records check their own invariants too; anything they still reject is reported here rather than thrown.
   */
  <T> Optional<T> build(int problemsBefore, Supplier<T> make) {
    if (problems.count() > problemsBefore) {
      return Optional.empty();
    }
    try {
      return Optional.of(make.get());
    } catch (IllegalArgumentException e) {
      problems.add(node, path, e.getMessage(), null);
      return Optional.empty();
    }
  }

  /**
   * Reports every field that no read asked for, with the nearest known name. A typo of a required field is one
   * mistake, so it is reported once, at the typo, and not also as a missing field.
   */
  void rejectUnknown() {
    for (Map.Entry<String, NodeTuple> field : byName.entrySet()) {
      String name = field.getKey();
      if (known.contains(name)) {
        continue;
      }
      Optional<String> meant = ClosestName.to(name, known);
      meant.map(missing::remove).ifPresent(problems::retract);
      problems.add(field.getValue().getKeyNode(), pathOf(name), "unknown field '" + name + "'"
          + meant.map(n -> ", did you mean '" + n + "'?").orElse(""), "one of: " + String.join(", ", known));
    }
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  static String describe(Node node) {
    if (isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "a single value";
  }

  private ScalarNode scalar(String name, String expected) {
    Node value = value(name);
    if (value == null) {
      return null;
    }
    if (value instanceof ScalarNode) {
      return (ScalarNode) value;
    }
    problems.add(value, pathOf(name), "expected " + expected + ", got " + describe(value), null);
    return null;
  }

  /** The scalar items of a list field, each with its path; items that are not single values are reported. */
  List<Item> scalars(String name, String expected) {
    List<Item> out = new ArrayList<>();
    List<Node> items = list(name);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = pathOf(name) + "[" + i + "]";
      if (item instanceof ScalarNode && !isNull(item)) {
        out.add(new Item(itemPath, (ScalarNode) item));
      } else {
        problems.add(item, itemPath, "expected " + expected + ", got " + describe(item), null);
      }
    }
    return out;
  }

  /** One single-valued item of a list, and where it is. */
  record Item(String path, ScalarNode node) {
    String text() {
      return node.getValue().trim();
    }
  }
}
