package dev.tollgate.adapters.gemini;

import dev.tollgate.adapters.Translator;
import java.time.Clock;

/**
 * Translators for Google's Generative Language API, {@code v1beta} (https://ai.google.dev/api):
 *
 * <ul>
 *   <li>chat: {@code POST {base_url}/v1beta/models/{upstream_model}:generateContent}, or
 *       {@code :streamGenerateContent?alt=sse} for a stream; the key in {@code x-goog-api-key}, read from the
 *       variable {@code api_key_env} names (never in the URL);
 *   <li>messages: {@code system}/{@code developer} become {@code systemInstruction}, {@code assistant} the
 *       {@code model} role; assistant {@code tool_calls} become {@code functionCall} parts, tool messages
 *       {@code functionResponse} parts named after the call they answer; images as {@code inlineData} (data URLs)
 *       or {@code fileData} (other URLs);
 *   <li>{@code generationConfig}: {@code temperature}, {@code top_p}, {@code max_completion_tokens} or
 *       {@code max_tokens}, {@code stop}, {@code n}, the penalties, {@code seed}, {@code response_format} (JSON mode,
 *       and JSON Schema through {@code responseJsonSchema}) and {@code reasoning_effort} (as a thinking budget);
 *       tools as {@code functionDeclarations} with {@code parametersJsonSchema}, {@code tool_choice} as
 *       {@code functionCallingConfig}; any other parameter is refused with a 400 naming it;
 *   <li>answers: candidates become choices, {@code functionCall} parts tool calls with ids {@code call_0},
 *       {@code call_1} … when Gemini gives none; {@code usageMetadata} the usage, thoughts counted as reasoning and
 *       completion tokens; a blocked prompt a 200 with {@code finish_reason: content_filter}; {@code responseId} the
 *       id; the request's translation time {@code created};
 *   <li>embeddings: {@code embedContent} for one string, {@code batchEmbedContents} for an array, usage estimated;
 *   <li>errors: Google's {@code {"error":{"code","message","status"}}} mapped by {@code status} (see
 *       {@link GeminiErrors}).
 * </ul>
 *
 * <p>The legacy completions endpoint is served as a chat of one user message (see {@link GeminiCompletions}).
 */
public final class Gemini {
  private Gemini() {}

  /**
   * A new translator for {@code POST /v1/chat/completions}.
   *
   * @param clock stamps {@code created}, which Gemini's answers do not carry
   * @return the translator, for one request
   */
  public static Translator chat(Clock clock) {
    return new GeminiChat(clock);
  }

  /**
   * A new translator for the legacy {@code POST /v1/completions}.
   *
   * @param clock stamps {@code created}, which Gemini's answers do not carry
   * @return the translator, for one request
   */
  public static Translator completions(Clock clock) {
    return new GeminiCompletions(clock);
  }

  /**
   * A new translator for {@code POST /v1/embeddings}.
   *
   * @param clock the current time, for retry hints given as dates
   * @return the translator, for one request
   */
  public static Translator embeddings(Clock clock) {
    return new GeminiEmbeddings(clock);
  }
}
