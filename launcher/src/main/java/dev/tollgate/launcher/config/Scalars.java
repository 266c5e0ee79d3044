package dev.tollgate.launcher.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads typed values from a scalar's text as written. SnakeYAML's own typing is skipped on purpose: it would read
 * {@code 0.1} as a double.
 */
final class Scalars {
  // YAML 1.1 lets numbers carry '_' separators; we accept them and nothing fancier (no hex, no sexagesimal).
  private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  private static final int MAX_WHOLE_DIGITS = 18;

  private Scalars() {}

  static Long whole(ScalarNode scalar, String path, long min, long max, Problems problems) {
    String text = scalar.getValue().trim().replace("_", "");
    if (!WHOLE.matcher(text).matches() || text.length() > MAX_WHOLE_DIGITS) {
      problems.add(scalar, path, "'" + scalar.getValue() + "' is not a whole number", range(min, max));
      return null;
    }
    long value = Long.parseLong(text);
    if (value < min || value > max) {
      problems.add(scalar, path, "out of range: " + value, range(min, max));
      return null;
    }
    return value;
  }

  /** A non-negative decimal, exactly as written. */
  static BigDecimal decimal(ScalarNode scalar, String path, Problems problems) {
    String text = scalar.getValue().trim().replace("_", "");
    if (!DECIMAL.matcher(text).matches()) {
      problems.add(scalar, path, "'" + scalar.getValue() + "' is not a decimal number", "a decimal number like 0.15");
      return null;
    }
    BigDecimal value = new BigDecimal(text);
    if (value.signum() < 0) {
      problems.add(scalar, path, "must not be negative, got " + value.toPlainString(), "a number >= 0");
      return null;
    }
    // 1e2 has scale -2; plain scale keeps the value's JSON form and its equality stable across round trips.
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  static Boolean bool(ScalarNode scalar, String path, Problems problems) {
    String text = scalar.getValue().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problems.add(scalar, path, "'" + scalar.getValue() + "' is not a boolean", "true or false");
    return null;
  }

  /** An enum constant, written as its lower-case name ({@code lowest_latency}) in any case. */
  static <E extends Enum<E>> E choice(ScalarNode scalar, String path, String noun, Class<E> type,
      Problems problems) {
    String given = scalar.getValue().trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(given)) {
        return constant;
      }
    }
    List<String> names = wireNames(type);
    problems.add(scalar, path, "unknown " + noun + " '" + given + "'" + ClosestName.hint(given, names),
        "one of: " + String.join(", ", names));
    return null;
  }

  static List<String> wireNames(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toList());
  }

  private static String range(long min, long max) {
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return "a whole number >= " + min;
    }
    return "a whole number from " + min + " to " + max;
  }
}
