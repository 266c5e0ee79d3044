package dev.tollgate.launcher.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a typo was meant to be, for "did you mean" hints. */
final class ClosestName {
  private ClosestName() {}

  /** The known name nearest to {@code given}, if one is near enough to be a plausible typo. */
  static Optional<String> to(String given, Collection<String> known) {
    String needle = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // One edit catches a swapped, doubled or missing letter; longer names tolerate a few more. Very short names
    // tolerate none: any one-letter name is one edit from any other.
    int tolerance = needle.length() <= 2 ? 0 : needle.length() <= 5 ? 1 : Math.max(2, needle.length() / 4);
    if (best != null && bestDistance > 0 && bestDistance <= tolerance) {
      return Optional.of(best);
    }
    return Optional.ofNullable(uniquePrefixMatch(needle, known));
  }

  /** {@code ", did you mean 'x'?"} when a known name is near, otherwise nothing: to append to a message. */
  static String hint(String given, Collection<String> known) {
    return to(given, known).map(name -> ", did you mean '" + name + "'?").orElse("");
  }

  /** "openai" for "openai_compatible": a unique known name that starts with what was written. */
  private static String uniquePrefixMatch(String needle, Collection<String> known) {
    if (needle.length() < 3) {
      return null;
    }
    String match = null;
    for (String candidate : known) {
      if (candidate.toLowerCase(Locale.ROOT).startsWith(needle)) {
        if (match != null) {
          return null;
        }
        match = candidate;
      }
    }
    return match;
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("modle" → "model" is one). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
