package dev.tollgate.adapters.azure;

import dev.tollgate.adapters.TranslatorContract;

class AzureOpenAiContractTest extends TranslatorContract {
  AzureOpenAiContractTest() {
    super("azure");
  }
}
