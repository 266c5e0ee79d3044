package dev.tollgate.budget;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in settings: a whole number and a unit, {@code ms}, {@code s}, {@code m} or {@code h} ({@code 250ms}). */
public final class Durations {

  private static final Pattern SHAPE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /**
   * @param text for example {@code 1s}
   * @return the duration
   * @throws IllegalArgumentException when {@code text} has another shape
   */
  public static Duration parse(String text) {
    Matcher m = SHAPE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration like 250ms, 5s, 1m or 1h: '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /**
   * @param env the environment
   * @param name a variable
   * @param fallback when it is not set
   * @return the variable's duration, or {@code fallback}
   * @throws IllegalArgumentException naming the variable when it is not a duration
   */
  public static Duration fromEnvironment(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param value a duration
   * @param name its setting's name, for the message
   * @throws IllegalArgumentException when it is missing, zero or negative
   */
  public static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name + " is required");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
