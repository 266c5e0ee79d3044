package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** Google's Generative Language API (Gemini). */
public record GeminiSpec(String baseUrl, String apiKeyEnv) implements ProviderSpec {
  public GeminiSpec {
    Require.text(baseUrl, "base_url");
    Require.text(apiKeyEnv, "api_key_env");
  }
}
