package dev.tollgate.adapters.openai;

import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.Translator;
import java.time.Clock;

/**
 * Translators for upstreams that speak OpenAI's own wire format: OpenAI, vLLM, Ollama, Groq, Together, Mistral,
 * DeepSeek, the simulator … The request goes out as the client sent it, with the deployment's model and, on a
 * stream, {@code stream_options.include_usage} forced on; the answer comes back under the public alias, with the
 * usage chunk hidden from a client that did not ask for it. Providers that differ only in URL or authentication
 * wrap these translators rather than copy them.
 */
public final class OpenAiCompatible {
  private OpenAiCompatible() {}

  /**
   * A new translator for {@code POST /v1/chat/completions}.
   *
   * @return the translator, for one request
   */
  public static Translator chat() {
    return new OpenAiCompatibleTranslator(OpenAiEndpoint.CHAT_COMPLETIONS, Clock.systemUTC());
  }

  /**
   * A new translator for the legacy {@code POST /v1/completions}.
   *
   * @return the translator, for one request
   */
  public static Translator completions() {
    return new OpenAiCompatibleTranslator(OpenAiEndpoint.COMPLETIONS, Clock.systemUTC());
  }

  /**
   * A new translator for {@code POST /v1/embeddings}.
   *
   * @return the translator, for one request
   */
  public static Translator embeddings() {
    return new OpenAiCompatibleTranslator(OpenAiEndpoint.EMBEDDINGS, Clock.systemUTC());
  }
}
