package dev.tollgate.schemas.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compact-constructor checks shared by the config records; messages name the wire field. */
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

  static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  static <T> Set<T> set(Set<T> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }

  static <K, V> Map<K, V> map(Map<K, V> values) {
    return values == null ? Map.of() : Map.copyOf(values);
  }
}
