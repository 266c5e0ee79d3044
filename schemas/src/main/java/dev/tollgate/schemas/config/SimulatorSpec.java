package dev.tollgate.schemas.config;

/**
 * The built-in deterministic fake LLM, served over real HTTP on loopback: how fast it answers, how long its
 * answers are, and which failure it injects.
 */
public record SimulatorSpec(long ttftMs, long tokensPerSecond, int responseTokens, SimulatorFailure failure)
    implements ProviderSpec {
  public SimulatorSpec {
    if (ttftMs < 0) {
      throw new IllegalArgumentException("ttft_ms must be >= 0");
    }
    if (tokensPerSecond < 0) {
      throw new IllegalArgumentException("tokens_per_second must be >= 0 (0 means as fast as possible)");
    }
    if (responseTokens < 1) {
      throw new IllegalArgumentException("response_tokens must be >= 1");
    }
    failure = failure == null ? SimulatorFailure.NONE : failure;
  }
}
