package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/**
 * A failure the simulator injects: an error status, a 429 with {@code retry-after}, a hang, or a stream cut after
 * {@code afterChunks} chunks; on every request, or on every {@code everyNth} one.
 */
public record SimulatorFailure(
    FailureKind kind, Integer status, Integer retryAfterSeconds, Integer afterChunks, Integer everyNth) {
  /** No failure injected. */
  public static final SimulatorFailure NONE = new SimulatorFailure(FailureKind.NONE, null, null, null, null);

  public SimulatorFailure {
    Require.present(kind, "kind");
    if (everyNth != null && everyNth < 1) {
      throw new IllegalArgumentException("every_nth must be >= 1");
    }
  }

  /** The failures the simulator can inject. */
  public enum FailureKind {
    NONE,
    ERROR,
    RATE_LIMIT,
    HANG,
    CUT_STREAM
  }
}
