package dev.tollgate.adapters.anthropic;

import dev.tollgate.adapters.Translator;
import java.time.Clock;

/**
 * Translators for Anthropic's Messages API (https://docs.anthropic.com/en/api/messages), version
 * {@code 2023-06-01}:
 *
 * <ul>
 *   <li>{@code POST {base_url}/v1/messages} with {@code x-api-key} (read from the variable {@code api_key_env}
 *       names), {@code anthropic-version} and {@code content-type: application/json};
 *   <li>{@code system} and {@code developer} messages are lifted, in order, into the top-level {@code system};
 *       consecutive messages of one role are merged into one turn, as Anthropic requires alternating turns;
 *   <li>{@code max_tokens}, which Anthropic requires, is the client's {@code max_completion_tokens}, else its
 *       {@code max_tokens}, else {@link #DEFAULT_MAX_TOKENS};
 *   <li>{@code temperature} and {@code top_p} pass through (Anthropic's temperature range is 0 to 1, and it refuses
 *       more), {@code stop} becomes {@code stop_sequences}, {@code user} becomes {@code metadata.user_id};
 *   <li>function tools become {@code tools} with an {@code input_schema}; {@code tool_choice} {@code auto},
 *       {@code none}, {@code required} (Anthropic's {@code any}) and a named function (its {@code tool}) map one to
 *       one, and {@code parallel_tool_calls: false} sets {@code disable_parallel_tool_use}; assistant
 *       {@code tool_calls} become {@code tool_use} blocks and {@code tool} messages {@code tool_result} blocks of a
 *       user turn; {@code image_url} parts become image blocks (a data URL as a base64 source, an http(s) URL as a
 *       URL source);
 *   <li>what Anthropic cannot express is refused with a 400 naming the parameter: {@code n} above 1,
 *       {@code logprobs}, {@code top_logprobs}, {@code logit_bias}, non-zero penalties, a {@code response_format}
 *       other than text, audio, {@code prediction}, {@code reasoning_effort}, the deprecated {@code functions};
 *       {@code seed}, {@code store}, {@code metadata} and {@code service_tier} are dropped;
 *   <li>stop reasons: {@code end_turn}, {@code stop_sequence} and {@code pause_turn} are {@code stop},
 *       {@code max_tokens} and {@code model_context_window_exceeded} are {@code length}, {@code tool_use} is
 *       {@code tool_calls}, {@code refusal} is {@code content_filter};
 *   <li>usage: prompt tokens are {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens}, cached
 *       tokens the cache reads, cache-write tokens the cache creations; Anthropic does not count thinking apart, so
 *       when the answer held thinking its reasoning tokens are the output tokens less an estimate of the visible
 *       output;
 *   <li>errors: Anthropic's error types become OpenAI's envelope with the type's status (529
 *       {@code overloaded_error} becomes a retryable 503) and Anthropic's type as the {@code code}.
 * </ul>
 *
 * <p>Thinking blocks are not shown to the client: OpenAI's chat format has no place for them. The legacy
 * {@code /v1/completions} is served as a chat of one user message holding the prompt (one string; {@code echo},
 * {@code suffix}, {@code best_of} and {@code logprobs} refused), answered as {@code text_completion}s. Anthropic has
 * no embeddings endpoint.
 */
public final class Anthropic {
  /** The {@code max_tokens} sent when the client set no output limit; Anthropic requires one. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private Anthropic() {}

  /**
   * A new translator for {@code POST /v1/chat/completions}.
   *
   * @return the translator, for one request
   */
  public static Translator chat() {
    return chat(Clock.systemUTC());
  }

  /**
   * A new translator for {@code POST /v1/chat/completions} that dates its answers by a given clock.
   *
   * @param clock gives the {@code created} time of the answers
   * @return the translator, for one request
   */
  public static Translator chat(Clock clock) {
    return new AnthropicTranslator(clock);
  }

  /**
   * A new translator for the legacy {@code POST /v1/completions}, served as a chat of one user message.
   *
   * @param clock gives the {@code created} time of the answers
   * @return the translator, for one request
   */
  public static Translator completions(Clock clock) {
    return new AnthropicTranslator(clock);
  }
}
