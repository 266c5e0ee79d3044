package dev.tollgate.adapters.anthropic;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** One chat or legacy completions request to Anthropic's Messages API. */
final class AnthropicTranslator implements Translator {
  private final Clock clock;
  private Exchange exchange;
  private MessagesStream stream;

  AnthropicTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    if (request.endpoint() == OpenAiEndpoint.EMBEDDINGS) {
      throw new IllegalArgumentException("Anthropic has no embeddings");
    }
    AnthropicSpec anthropic = anthropicSpec(spec);
    byte[] body = MessagesRequest.body(request, deployment.upstreamModel());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-api-key", secrets.require(anthropic.apiKeyEnv()));
    headers.put("anthropic-version", anthropic.anthropicVersion());
    headers.put("content-type", "application/json");
    exchange = new Exchange(request, TokenEstimator.forModel(deployment.upstreamModel()), clock);
    return new UpstreamRequest("POST", url(anthropic.baseUrl()), headers, body);
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    Exchange current = exchange();
    if (status < 200 || status > 299) {
      return AnthropicErrors.fromResponse(status, headers, body, clock.instant());
    }
    return ChatCompletion.translate(current, body);
  }

  @Override
  public StreamTranslator streamTranslator() {
    Exchange current = exchange();
    if (stream == null) {
      stream = new MessagesStream(current);
    }
    return stream;
  }

  private Exchange exchange() {
    if (exchange == null) {
      throw new IllegalStateException("translateRequest must be called first");
    }
    return exchange;
  }

  private static AnthropicSpec anthropicSpec(ProviderSpec spec) {
    if (spec instanceof AnthropicSpec anthropic) {
      return anthropic;
    }
    throw new IllegalArgumentException("expected an anthropic provider spec, got " + spec.getClass().getSimpleName());
  }

  private static String url(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    // the documented base URL has no version; one that ends in it is accepted as well
    return base + (base.endsWith("/v1") ? "/messages" : "/v1/messages");
  }
}
