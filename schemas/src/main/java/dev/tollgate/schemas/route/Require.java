package dev.tollgate.schemas.route;

import java.util.List;

/** Compact-constructor checks for the route records; messages start with the wire name of the field. */
final class Require {
  private Require() {}

  static String text(String value, String wireName) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(wireName + " is required");
    }
    return value;
  }

  static <T> T present(T value, String wireName) {
    if (value == null) {
      throw new IllegalArgumentException(wireName + " is required");
    }
    return value;
  }

  static int schemaVersion(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("schema_version is required and must be >= 1");
    }
    return version;
  }

  static long nonNegative(long value, String wireName) {
    if (value < 0) {
      throw new IllegalArgumentException(wireName + " must be >= 0, got " + value);
    }
    return value;
  }

  /** A copy of {@code values}; null reads as empty, and a null element is an error rather than a later NPE. */
  static <T> List<T> list(List<T> values, String wireName) {
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
}
