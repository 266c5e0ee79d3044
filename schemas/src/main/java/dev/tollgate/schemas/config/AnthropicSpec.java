package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** Anthropic's Messages API. */
public record AnthropicSpec(String baseUrl, String apiKeyEnv, String anthropicVersion) implements ProviderSpec {
  /** The API version sent when the config names none. */
  public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

  public AnthropicSpec {
    Require.text(baseUrl, "base_url");
    Require.text(apiKeyEnv, "api_key_env");
    anthropicVersion = anthropicVersion == null ? DEFAULT_ANTHROPIC_VERSION : anthropicVersion;
  }
}
