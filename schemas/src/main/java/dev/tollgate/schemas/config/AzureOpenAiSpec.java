package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** Azure OpenAI: deployment-based URLs under {@code endpoint}, versioned by {@code api-version}. */
public record AzureOpenAiSpec(String endpoint, String apiVersion, String apiKeyEnv) implements ProviderSpec {
  public AzureOpenAiSpec {
    Require.text(endpoint, "endpoint");
    Require.text(apiVersion, "api_version");
    Require.text(apiKeyEnv, "api_key_env");
  }
}
