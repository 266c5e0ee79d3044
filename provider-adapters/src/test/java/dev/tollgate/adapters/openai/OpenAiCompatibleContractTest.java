package dev.tollgate.adapters.openai;

import dev.tollgate.adapters.TranslatorContract;

class OpenAiCompatibleContractTest extends TranslatorContract {
  OpenAiCompatibleContractTest() {
    super("openai");
  }
}
