package dev.tollgate.adapters.gemini;

import dev.tollgate.adapters.TranslatorContract;

class GeminiContractTest extends TranslatorContract {
  GeminiContractTest() {
    super("gemini");
  }
}
