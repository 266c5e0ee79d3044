package dev.tollgate.adapters;

import dev.tollgate.adapters.anthropic.Anthropic;
import dev.tollgate.adapters.azure.AzureOpenAi;
import dev.tollgate.adapters.bedrock.Bedrock;
import dev.tollgate.adapters.gemini.Gemini;
import dev.tollgate.adapters.openai.OpenAiCompatible;
import java.time.Clock;

/**
 * The provider matrix: which translator serves which (endpoint, provider API) pair. Each method is one switch
 * expression over {@link ProviderApi}, so the compiler checks that every provider is decided. Every call returns a
 * new translator, to be used for one request attempt.
 *
 * <p>{@link ProviderApi#SIMULATOR} speaks the OpenAI wire format: the edge runs a
 * {@link dev.tollgate.adapters.simulator.SimulatorServer} per simulator provider and passes that server's
 * {@code upstreamSpec()} to {@link Translator#translateRequest} in place of the {@code SimulatorSpec}.
 */
public final class Adapters {
  private Adapters() {}

  /**
   * A translator for {@code POST /v1/chat/completions}.
   *
   * @param api the provider API of the chosen deployment
   * @return a new translator
   * @throws UnsupportedProviderException when the provider has no chat translator yet
   */
  public static Translator chat(ProviderApi api) {
    return chat(api, Clock.systemUTC());
  }

  /**
   * A translator for {@code POST /v1/chat/completions}, on a given clock.
   *
   * @param api the provider API of the chosen deployment
   * @param clock stamps answers whose provider gives no creation time
   * @return a new translator
   * @throws UnsupportedProviderException when the provider has no chat translator yet
   */
  public static Translator chat(ProviderApi api, Clock clock) {
    return switch (api) {
      case OPENAI_COMPATIBLE, SIMULATOR -> OpenAiCompatible.chat();
      case AZURE_OPENAI -> AzureOpenAi.chat();
      case GEMINI -> Gemini.chat(clock);
      case BEDROCK -> Bedrock.chat(clock);
      case ANTHROPIC -> Anthropic.chat(clock);
    };
  }

  /**
   * A translator for the legacy {@code POST /v1/completions}.
   *
   * @param api the provider API of the chosen deployment
   * @return a new translator
   * @throws UnsupportedProviderException when the provider has no completions translator yet
   */
  public static Translator completions(ProviderApi api) {
    return completions(api, Clock.systemUTC());
  }

  /**
   * A translator for the legacy {@code POST /v1/completions}, on a given clock.
   *
   * @param api the provider API of the chosen deployment
   * @param clock stamps answers whose provider gives no creation time
   * @return a new translator
   * @throws UnsupportedProviderException when the provider has no completions translator yet
   */
  public static Translator completions(ProviderApi api, Clock clock) {
    return switch (api) {
      case OPENAI_COMPATIBLE, SIMULATOR -> OpenAiCompatible.completions();
      case AZURE_OPENAI -> AzureOpenAi.completions();
      case GEMINI -> Gemini.completions(clock);
      case ANTHROPIC -> Anthropic.completions(clock);
      case BEDROCK ->
          throw new UnsupportedProviderException(api, OpenAiEndpoint.COMPLETIONS);
    };
  }

  /**
   * A translator for {@code POST /v1/embeddings}.
   *
   * @param api the provider API of the chosen deployment
   * @return a new translator
   * @throws UnsupportedProviderException when the provider has no embeddings translator yet
   */
  public static Translator embeddings(ProviderApi api) {
    return embeddings(api, Clock.systemUTC());
  }

  /**
   * A translator for {@code POST /v1/embeddings}, on a given clock.
   *
   * @param api the provider API of the chosen deployment
   * @param clock the current time, for translators that need one
   * @return a new translator
   * @throws UnsupportedProviderException when the provider has no embeddings translator yet
   */
  public static Translator embeddings(ProviderApi api, Clock clock) {
    return switch (api) {
      case OPENAI_COMPATIBLE, SIMULATOR -> OpenAiCompatible.embeddings();
      case AZURE_OPENAI -> AzureOpenAi.embeddings();
      case GEMINI -> Gemini.embeddings(clock);
      case BEDROCK -> Bedrock.embeddings(clock);
      case ANTHROPIC ->
          throw new UnsupportedProviderException(api, OpenAiEndpoint.EMBEDDINGS);
    };
  }

  /**
   * A translator for any endpoint.
   *
   * @param endpoint the endpoint the client called
   * @param api the provider API of the chosen deployment
   * @return a new translator
   * @throws UnsupportedProviderException when the pair has no translator yet
   */
  public static Translator forEndpoint(OpenAiEndpoint endpoint, ProviderApi api) {
    return forEndpoint(endpoint, api, Clock.systemUTC());
  }

  /**
   * A translator for any endpoint, on a given clock (tests fix it, to get exact answers back).
   *
   * @param endpoint the endpoint the client called
   * @param api the provider API of the chosen deployment
   * @param clock the current time, for translators that need one
   * @return a new translator
   * @throws UnsupportedProviderException when the pair has no translator yet
   */
  public static Translator forEndpoint(OpenAiEndpoint endpoint, ProviderApi api, Clock clock) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> chat(api, clock);
      case COMPLETIONS -> completions(api, clock);
      case EMBEDDINGS -> embeddings(api, clock);
    };
  }
}
