package dev.tollgate.adapters;

import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.GeminiSpec;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.config.SimulatorSpec;
import java.util.Objects;

/**
 * The wire formats Tollgate can speak to upstream. Each value is one provider API; {@link Adapters} switches over
 * this enum, so adding a value makes the compiler point at every place that must learn it.
 */
public enum ProviderApi {
  /** OpenAI itself and every server that speaks its wire format (vLLM, Ollama, Groq, Together, Mistral …). */
  OPENAI_COMPATIBLE,
  /** Azure OpenAI: deployment-based URLs, {@code api-version}, {@code api-key}. */
  AZURE_OPENAI,
  /** Anthropic's Messages API. */
  ANTHROPIC,
  /** Google's Generative Language API. */
  GEMINI,
  /** AWS Bedrock's Converse API. */
  BEDROCK,
  /** The built-in simulator, which speaks the OpenAI wire format over loopback. */
  SIMULATOR;

  /**
   * The API a provider's configuration describes.
   *
   * @param spec a provider's configuration
   * @return the API its records belong to
   */
  public static ProviderApi of(ProviderSpec spec) {
    Objects.requireNonNull(spec, "spec");
    // Java 17 has no pattern switch; the sealed ProviderSpec keeps this list closed.
    if (spec instanceof OpenAiCompatibleSpec) {
      return OPENAI_COMPATIBLE;
    } else if (spec instanceof AzureOpenAiSpec) {
      return AZURE_OPENAI;
    } else if (spec instanceof AnthropicSpec) {
      return ANTHROPIC;
    } else if (spec instanceof GeminiSpec) {
      return GEMINI;
    } else if (spec instanceof BedrockSpec) {
      return BEDROCK;
    } else if (spec instanceof SimulatorSpec) {
      return SIMULATOR;
    }
    throw new IllegalArgumentException("unknown provider spec " + spec.getClass().getName());
  }
}
