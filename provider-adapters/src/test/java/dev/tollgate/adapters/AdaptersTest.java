package dev.tollgate.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.GeminiSpec;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.SimulatorSpec;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageSource;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdaptersTest {

  @Test
  void shouldNameTheApiOfEverySpec() {
    assertEquals(ProviderApi.OPENAI_COMPATIBLE, ProviderApi.of(new OpenAiCompatibleSpec("http://h/v1", null, null)));
    assertEquals(ProviderApi.AZURE_OPENAI, ProviderApi.of(new AzureOpenAiSpec("https://r", "2024-10-21", "K")));
    assertEquals(ProviderApi.ANTHROPIC, ProviderApi.of(new AnthropicSpec("https://a", "K", null)));
    assertEquals(ProviderApi.GEMINI, ProviderApi.of(new GeminiSpec("https://g", "K")));
    assertEquals(ProviderApi.BEDROCK, ProviderApi.of(new BedrockSpec("us-east-1", "A", "S", null)));
    assertEquals(ProviderApi.SIMULATOR, ProviderApi.of(new SimulatorSpec(0, 0, 5, null)));
  }

  @ParameterizedTest
  @EnumSource(OpenAiEndpoint.class)
  void shouldGiveANewTranslatorPerRequest(OpenAiEndpoint endpoint) {
    for (ProviderApi api : EnumSet.of(ProviderApi.OPENAI_COMPATIBLE, ProviderApi.SIMULATOR, ProviderApi.AZURE_OPENAI)) {
      Translator first = Adapters.forEndpoint(endpoint, api);

      assertNotNull(first);
      assertNotSame(first, Adapters.forEndpoint(endpoint, api));
    }
  }

  @Test
  void shouldServeAnthropicChatAndCompletionsButNotEmbeddings() {
    Translator chat = Adapters.chat(ProviderApi.ANTHROPIC);

    assertNotSame(chat, Adapters.chat(ProviderApi.ANTHROPIC));
    assertNotNull(Adapters.completions(ProviderApi.ANTHROPIC));
    assertThrows(UnsupportedProviderException.class, () -> Adapters.embeddings(ProviderApi.ANTHROPIC));
  }

  @ParameterizedTest
  @EnumSource(OpenAiEndpoint.class)
  void shouldGiveANewGeminiTranslatorPerRequest(OpenAiEndpoint endpoint) {
    Translator first = Adapters.forEndpoint(endpoint, ProviderApi.GEMINI);

    assertNotNull(first);
    assertNotSame(first, Adapters.forEndpoint(endpoint, ProviderApi.GEMINI));
  }

  @Test
  void shouldServeBedrockChatAndEmbeddingsButNotLegacyCompletions() {
    assertNotNull(Adapters.forEndpoint(OpenAiEndpoint.CHAT_COMPLETIONS, ProviderApi.BEDROCK));
    assertNotNull(Adapters.forEndpoint(OpenAiEndpoint.EMBEDDINGS, ProviderApi.BEDROCK));
    assertThrows(UnsupportedProviderException.class,
        () -> Adapters.forEndpoint(OpenAiEndpoint.COMPLETIONS, ProviderApi.BEDROCK));
  }

  @Test
  void shouldSpeakTheUsageEventsTerms() {
    Usage usage = new Usage(10, 5, 4, 2, true);

    assertEquals(new TokenCounts(10, 5, 4, 2), usage.tokenCounts());
    assertEquals(new TokenCounts(30, 5, 4, 0, 20L), new Usage(30, 5, 4, 0, 20, false).tokenCounts());
    assertEquals(UsageSource.ESTIMATED, usage.source());
    assertEquals(UsageSource.PROVIDER, Usage.reported(1, 1).source());
    for (OpenAiEndpoint endpoint : OpenAiEndpoint.values()) {
      assertEquals(endpoint.name(), endpoint.usageEndpoint().name());
    }
  }

  @Test
  void shouldNeverShowSecretValues() {
    Secrets secrets = Secrets.of(Map.of("OPENAI_API_KEY", "sk-live-123456"));
    UpstreamRequest request = new UpstreamRequest("POST", "https://u/v1/chat/completions",
        Map.of("authorization", "Bearer sk-live-123456", "api-key", "sk-live-123456"), new byte[3]);

    assertFalse(secrets.toString().contains("sk-live"));
    assertFalse(request.toString().contains("sk-live"));
    assertFalse(new MissingSecretException("OPENAI_API_KEY").getMessage().contains("sk-live"));
  }
}
