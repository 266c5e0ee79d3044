package dev.tollgate.adapters.bedrock;

import dev.tollgate.adapters.TranslatorContract;

class BedrockContractTest extends TranslatorContract {
  BedrockContractTest() {
    super("bedrock");
  }

  /** Converse's usage has input, output and cache counts only; reasoning is inside {@code outputTokens}. */
  @Override
  protected boolean reportsReasoningTokens() {
    return false;
  }
}
