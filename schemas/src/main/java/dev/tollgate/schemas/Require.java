package dev.tollgate.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every record's compact constructor shares. Messages start with the field's wire name, so a reader
 * of a bad record learns which field is wrong ("request_id is required").
 */
public final class Require {
  private Require() {}

  /** {@code value}, which must not be null or blank. */
  public static String text(String value, String wireName) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(wireName + " is required");
    }
    return value;
  }

  /** {@code value}, which may be absent but not blank. */
  public static String optionalText(String value, String wireName) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(wireName + " must not be blank (omit it instead)");
    }
    return value;
  }

  /** {@code value}, which must not be null. */
  public static <T> T present(T value, String wireName) {
    if (value == null) {
      throw new IllegalArgumentException(wireName + " is required");
    }
    return value;
  }

  /** {@code version}, which must be 1 or more. */
  public static int schemaVersion(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("schema_version is required and must be >= 1");
    }
    return version;
  }

  /** {@code value}, which must not be negative. */
  public static long nonNegative(long value, String wireName) {
    if (value < 0) {
      throw new IllegalArgumentException(wireName + " must be >= 0, got " + value);
    }
    return value;
  }

  /** Checks that {@code later} is strictly after {@code earlier}. */
  public static void after(Instant later, String laterName, Instant earlier, String earlierName) {
    if (!later.isAfter(earlier)) {
      throw new IllegalArgumentException(laterName + " must be after " + earlierName);
    }
  }

  /** Checks that {@code later} is not before {@code earlier}. */
  public static void notBefore(Instant later, String laterName, Instant earlier, String earlierName) {
    if (later.isBefore(earlier)) {
      throw new IllegalArgumentException(laterName + " must not be before " + earlierName);
    }
  }

  /** An immutable copy of {@code values}; null reads as empty. */
  public static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** A copy of {@code values}; null reads as empty, and a null element is an error rather than a later NPE. */
  public static <T> List<T> list(List<T> values, String wireName) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException(wireName + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(values);
  }

  /** An immutable copy of {@code values}; null reads as empty. */
  public static <T> Set<T> set(Set<T> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }

  /** An immutable copy of {@code values}; null reads as empty. */
  public static <K, V> Map<K, V> map(Map<K, V> values) {
    return values == null ? Map.of() : Map.copyOf(values);
  }
}
