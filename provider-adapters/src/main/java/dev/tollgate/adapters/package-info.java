/**
 * The adapter contract: how the edge turns a client's OpenAI request into a provider's request and the provider's
 * answer back into OpenAI bytes, usage and failures.
 *
 * <p>Per request: {@link dev.tollgate.adapters.OpenAiRequest#parse} (a 400 on bad input), then
 * {@link dev.tollgate.adapters.Adapters#forEndpoint} with {@link dev.tollgate.adapters.ProviderApi#of} for a new
 * {@link dev.tollgate.adapters.Translator}, {@code translateRequest}, and either {@code translateResponse} or
 * {@code streamTranslator()}. Translators do no I/O; the edge owns HTTP.
 */
package dev.tollgate.adapters;
