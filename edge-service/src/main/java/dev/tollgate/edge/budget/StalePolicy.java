package dev.tollgate.edge.budget;

import java.util.Locale;

/**
 * What the gate does while its decisions are stale (the edge has not heard from the broker for longer than the
 * configured maximum age): it cannot tell whether a budget ran out meanwhile.
 */
public enum StalePolicy {
  /**
   * Staleness refuses nothing: the gate goes on admitting against the last decisions it has and what this edge
   * admitted since, so each edge can still spend at most what those decisions left. Counted by a metric. The
   * default.
   */
  OPEN,
  /** Refuse every request a budget applies to with 503, which the SDKs retry with backoff. */
  CLOSED;

  /**
   * Reads {@code open} or {@code closed}, in any case.
   *
   * @param text the option's value
   * @return the policy
   * @throws IllegalArgumentException for anything else
   */
  public static StalePolicy parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "open" -> OPEN;
      case "closed" -> CLOSED;
      default -> throw new IllegalArgumentException("the stale-decision policy must be open or closed, not " + text);
    };
  }
}
