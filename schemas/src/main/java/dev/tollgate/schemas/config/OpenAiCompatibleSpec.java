package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.util.Map;

/** Any API that speaks OpenAI's wire format: OpenAI, vLLM, Ollama, Groq, Together, Mistral, DeepSeek … */
public record OpenAiCompatibleSpec(String baseUrl, String apiKeyEnv, Map<String, String> headers)
    implements ProviderSpec {
  public OpenAiCompatibleSpec {
    Require.text(baseUrl, "base_url");
    headers = Require.map(headers);
  }
}
