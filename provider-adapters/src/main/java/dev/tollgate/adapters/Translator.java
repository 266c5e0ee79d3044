package dev.tollgate.adapters;

import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;

/**
 * Translates one request between the OpenAI wire format the client speaks and one provider's API, and the answer
 * back. Created per request (per attempt, on failover) by {@link Adapters}: it is stateful and not thread-safe.
 * It does no I/O: bytes and records in, bytes and records out.
 *
 * <p>Call {@link #translateRequest} first; what it learns (the public model alias, whether the client asked for
 * stream usage, how to estimate tokens) shapes the response. Then either {@link #translateResponse} for a
 * non-streamed answer or any non-2xx answer, or {@link #streamTranslator()} for a 2xx streamed one.
 */
public interface Translator {

  /**
   * Builds the upstream request.
   *
   * @param request the client's request, as parsed by {@link OpenAiRequest#parse}
   * @param spec the provider's configuration
   * @param deployment the deployment chosen to serve it
   * @param secrets where credentials named in {@code spec} are resolved
   * @return the request to send
   * @throws InvalidRequestException when the provider cannot express the request (a 400 for the client)
   * @throws MissingSecretException when a credential the spec names is not set
   * @throws IllegalArgumentException when {@code spec} is not a spec this translator speaks
   */
  UpstreamRequest translateRequest(OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException;

  /**
   * Translates a complete, non-streamed upstream response, or the error response to a streamed request.
   *
   * @param status the upstream HTTP status
   * @param headers the upstream response headers (retry hints are read from them)
   * @param body the whole upstream body
   * @return the OpenAI response and its usage, or the failure
   */
  TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body);

  /**
   * Translates a response without looking at its headers.
   *
   * @param status the upstream HTTP status
   * @param body the whole upstream body
   * @return the OpenAI response and its usage, or the failure
   */
  default TranslatedResponse translateResponse(int status, byte[] body) {
    return translateResponse(status, UpstreamHeaders.none(), body);
  }

  /**
   * The translator for a 2xx streamed response to this request. The same instance is returned on every call.
   *
   * @return the stream translator
   * @throws IllegalStateException when the request was not a stream
   */
  StreamTranslator streamTranslator();
}
