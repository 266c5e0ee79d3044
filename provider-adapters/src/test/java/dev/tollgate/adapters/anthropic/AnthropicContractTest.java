package dev.tollgate.adapters.anthropic;

import dev.tollgate.adapters.TranslatorContract;

class AnthropicContractTest extends TranslatorContract {
  AnthropicContractTest() {
    super("anthropic");
  }
}
