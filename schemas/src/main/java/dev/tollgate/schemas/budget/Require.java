package dev.tollgate.schemas.budget;

import java.time.Instant;

/** Compact-constructor checks for the budget records; messages start with the wire name of the field. */
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

  static void after(Instant later, String laterName, Instant earlier, String earlierName) {
    if (!later.isAfter(earlier)) {
      throw new IllegalArgumentException(laterName + " must be after " + earlierName);
    }
  }
}
