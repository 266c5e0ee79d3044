package dev.tollgate.adapters.bedrock;

import dev.tollgate.adapters.Translator;
import java.time.Clock;

/**
 * Translators for AWS Bedrock's runtime API (https://docs.aws.amazon.com/bedrock/latest/APIReference/):
 *
 * <ul>
 *   <li>embeddings through {@code POST {endpoint}/model/{modelId}/invoke} in Amazon Titan Text Embeddings' shape,
 *       one text per request (see {@link TitanEmbeddingsTranslator});
 *   <li>chat through {@code POST {endpoint}/model/{modelId}/converse} and {@code /converse-stream}, where the model
 *       id is the deployment's {@code upstream_model} (a model id, an inference profile id or an ARN), URI-encoded;
 *       the endpoint is the spec's {@code endpoint_url}, else {@code https://bedrock-runtime.{region}.amazonaws.com};
 *   <li>SigV4 signing (service {@code bedrock}) with the key the spec's {@code access_key_id_env},
 *       {@code secret_access_key_env} and optional {@code session_token_env} name; {@code content-type} and
 *       {@code host} are signed, with {@code x-amz-date} and {@code x-amz-security-token};
 *   <li>OpenAI messages as Converse messages: system and developer messages lifted into {@code system}, images only
 *       as data URLs, tool calls as {@code toolUse} blocks, tool messages as {@code toolResult} blocks in a user turn,
 *       consecutive turns of one role merged (Converse wants them to alternate); {@code max_tokens},
 *       {@code temperature}, {@code top_p}, {@code stop} in {@code inferenceConfig}; {@code tools} and
 *       {@code tool_choice} ({@code auto}, {@code required} as {@code any}, a named function as {@code tool}) in
 *       {@code toolConfig}. Anything else ({@code n} above 1, {@code tool_choice: none}, {@code response_format},
 *       {@code logprobs}, penalties, {@code seed} …) is a 400 naming the parameter;
 *   <li>usage: {@code prompt_tokens} is {@code inputTokens} plus cache reads and writes, {@code cached_tokens} the
 *       reads; stop reasons {@code end_turn}/{@code stop_sequence} → {@code stop}, {@code max_tokens} →
 *       {@code length}, {@code tool_use} → {@code tool_calls}, {@code guardrail_intervened}/{@code content_filtered}
 *       → {@code content_filter};
 *   <li>errors as {@link BedrockErrors} maps them; the stream as {@link ConverseStreamTranslator} decodes it.
 * </ul>
 *
 * <p>The clock signs the request and dates the answer ({@code created}); tests fix it.
 */
public final class Bedrock {
  private Bedrock() {}

  /**
   * A new translator for {@code POST /v1/chat/completions}.
   *
   * @param clock the signing and answer time
   * @return the translator, for one request
   */
  public static Translator chat(Clock clock) {
    return new BedrockChatTranslator(clock);
  }

  /**
   * A new translator for {@code POST /v1/embeddings}, for Amazon Titan Text Embeddings models.
   *
   * @param clock the signing time
   * @return the translator, for one request
   */
  public static Translator embeddings(Clock clock) {
    return new TitanEmbeddingsTranslator(clock);
  }
}
