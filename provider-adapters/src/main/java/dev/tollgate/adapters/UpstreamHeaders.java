package dev.tollgate.adapters;

import java.util.Map;
import java.util.TreeMap;

/**
 * Read access to an upstream response's headers, by case-insensitive name. A Vert.x {@code MultiMap} fits as
 * {@code response.headers()::get}.
 */
@FunctionalInterface
public interface UpstreamHeaders {

  /**
   * The first value of a header.
   *
   * @param name the header name, in any case
   * @return its value, or null when absent
   */
  String get(String name);

  /**
   * No headers at all.
   *
   * @return headers that answer null to every name
   */
  static UpstreamHeaders none() {
    return name -> null;
  }

  /**
   * Headers from a map, looked up without regard to case.
   *
   * @param headers names to values
   * @return the headers
   */
  static UpstreamHeaders of(Map<String, String> headers) {
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    return copy::get;
  }
}
