package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigSnapshot;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What loading a configuration file gave: a snapshot when the file is valid, otherwise every problem found, in
 * document order. Never both.
 */
public final class LoadResult {
  private final ConfigSnapshot snapshot;
  private final List<ConfigProblem> problems;

  private LoadResult(ConfigSnapshot snapshot, List<ConfigProblem> problems) {
    this.snapshot = snapshot;
    this.problems = problems;
  }

  /**
   * A valid file's result.
   *
   * @param snapshot the configuration the file describes
   * @return a result holding it
   */
  public static LoadResult valid(ConfigSnapshot snapshot) {
    if (snapshot == null) {
      throw new IllegalArgumentException("snapshot is required");
    }
    return new LoadResult(snapshot, List.of());
  }

  /**
   * An invalid file's result.
   *
   * @param problems at least one problem
   * @return a result holding them
   */
  public static LoadResult invalid(List<ConfigProblem> problems) {
    if (problems == null || problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid result needs at least one problem");
    }
    return new LoadResult(null, List.copyOf(problems));
  }

  /** @return true when the file is valid and {@link #snapshot()} may be called */
  public boolean isValid() {
    return snapshot != null;
  }

  /** @return every problem, in document order; empty for a valid file */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /**
   * The configuration of a valid file.
   *
   * @return the snapshot
   * @throws IllegalStateException listing the problems when the file is not valid
   */
  public ConfigSnapshot snapshot() {
    if (snapshot == null) {
      throw new IllegalStateException("the configuration is not valid:\n" + report());
    }
    return snapshot;
  }

  /** @return one problem per line, as {@link ConfigProblem#toString()} renders them; empty when valid */
  public String report() {
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }

  @Override
  public String toString() {
    return isValid() ? "LoadResult[valid, " + snapshot + "]" : "LoadResult[" + problems.size() + " problems]";
  }
}
