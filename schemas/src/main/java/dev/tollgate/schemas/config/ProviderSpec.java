package dev.tollgate.schemas.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a provider needs, one record per wire format, so no provider carries another's settings. The
 * {@code api} JSON property names the format.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "api")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OpenAiCompatibleSpec.class, name = "openai_compatible"),
  @JsonSubTypes.Type(value = AzureOpenAiSpec.class, name = "azure_openai"),
  @JsonSubTypes.Type(value = AnthropicSpec.class, name = "anthropic"),
  @JsonSubTypes.Type(value = GeminiSpec.class, name = "gemini"),
  @JsonSubTypes.Type(value = BedrockSpec.class, name = "bedrock"),
  @JsonSubTypes.Type(value = SimulatorSpec.class, name = "simulator")
})
public sealed interface ProviderSpec
    permits OpenAiCompatibleSpec, AzureOpenAiSpec, AnthropicSpec, GeminiSpec, BedrockSpec, SimulatorSpec {}
