package dev.tollgate.adapters.azure;

import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.openai.OpenAiCompatible;

/**
 * Translators for Azure OpenAI's data-plane REST API
 * (https://learn.microsoft.com/azure/ai-services/openai/reference), which speaks OpenAI's wire format under
 * deployment-based URLs:
 *
 * <ul>
 *   <li>{@code POST {endpoint}/openai/deployments/{deployment}/{chat/completions|completions|embeddings}
 *       ?api-version={api_version}}, where the deployment is the Tollgate deployment's {@code upstream_model};
 *   <li>the key in an {@code api-key} header, read from the variable {@code api_key_env} names;
 *   <li>no {@code model} in the body: Azure's reference defines none for these routes, the path chooses the model;
 *   <li>errors as {@code {"error":{"code","message","innererror":{…}}}}: a prompt refused by the content filter is
 *       a 400 with code {@code content_filter}, an HTTP status echoed as the code becomes OpenAI's code for it, and
 *       {@code x-ms-retry-after-ms} gives the retry delay.
 * </ul>
 *
 * <p>Streams are OpenAI's: Azure's first chunk, with empty {@code choices} and only {@code prompt_filter_results},
 * is hidden (it carries nothing an OpenAI client reads, and its empty {@code object} breaks OpenAI's chunk schema);
 * {@code content_filter_results} inside choices and {@code finish_reason: content_filter} pass through.
 */
public final class AzureOpenAi {
  private AzureOpenAi() {}

  /**
   * A new translator for {@code POST /v1/chat/completions}.
   *
   * @return the translator, for one request
   */
  public static Translator chat() {
    return new OpenAiToAzureOpenAi(OpenAiCompatible.chat());
  }

  /**
   * A new translator for the legacy {@code POST /v1/completions}.
   *
   * @return the translator, for one request
   */
  public static Translator completions() {
    return new OpenAiToAzureOpenAi(OpenAiCompatible.completions());
  }

  /**
   * A new translator for {@code POST /v1/embeddings}.
   *
   * @return the translator, for one request
   */
  public static Translator embeddings() {
    return new OpenAiToAzureOpenAi(OpenAiCompatible.embeddings());
  }
}
