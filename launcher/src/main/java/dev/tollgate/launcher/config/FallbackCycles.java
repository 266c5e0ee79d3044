package dev.tollgate.launcher.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fallback chains that loop. A loop would make an edge retry the same aliases forever when they are all
 * down, so each one is reported once, at the fallback entry that closes it.
 */
final class FallbackCycles {
  private final Map<String, List<Catalog.Fallback>> edges = new LinkedHashMap<>();
  private final Problems problems;
  private final Set<String> done = new HashSet<>();
  private final Set<Set<String>> reported = new HashSet<>();

  FallbackCycles(List<Catalog.Fallback> fallbacks, Problems problems) {
    this.problems = problems;
    for (Catalog.Fallback f : fallbacks) {
      edges.computeIfAbsent(f.from(), k -> new ArrayList<>()).add(f);
    }
  }

  void report() {
    for (String alias : edges.keySet()) {
      visit(alias, new ArrayList<>());
    }
  }

  private void visit(String alias, List<String> trail) {
    if (done.contains(alias)) {
      return;
    }
    trail.add(alias);
    for (Catalog.Fallback edge : edges.getOrDefault(alias, List.of())) {
      int start = trail.indexOf(edge.to());
      if (start >= 0) {
        reportCycle(edge, trail.subList(start, trail.size()));
      } else {
        visit(edge.to(), trail);
      }
    }
    trail.remove(trail.size() - 1);
    done.add(alias);
  }

  private void reportCycle(Catalog.Fallback closing, List<String> cycle) {
    if (!reported.add(Set.copyOf(cycle))) {
      return;
    }
    if (cycle.size() == 1) {
      problems.add(closing.at(), closing.path(), "model '" + closing.from() + "' falls back to itself",
          "other model aliases");
      return;
    }
    problems.add(closing.at(), closing.path(), "fallback cycle: " + String.join(" -> ", cycle) + " -> "
        + closing.to(), "fallbacks that end without returning to an alias already tried");
  }
}
