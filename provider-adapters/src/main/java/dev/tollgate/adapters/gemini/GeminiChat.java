package dev.tollgate.adapters.gemini;

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
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import java.time.Clock;

/** One chat completion served by {@code generateContent}, or by {@code streamGenerateContent} for a stream. */
final class GeminiChat implements Translator {
  private final Clock clock;
  private ChatExchange exchange;
  private ChatStream stream;

  GeminiChat(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    if (request.endpoint() != OpenAiEndpoint.CHAT_COMPLETIONS) {
      throw new IllegalArgumentException("a " + request.endpoint() + " request given to the Gemini chat translator");
    }
    return translateRequest(request, request, spec, deployment, secrets);
  }

  /** Builds the request for a chat request made from another client request, whose tokens estimates count. */
  UpstreamRequest translateRequest(OpenAiRequest request, OpenAiRequest clientRequest, ProviderSpec spec,
      Deployment deployment, Secrets secrets) throws InvalidRequestException {
    ModelMethods model = ModelMethods.of(spec, deployment, secrets);
    byte[] body = ChatRequest.build(request);
    exchange = new ChatExchange(request, clientRequest, TokenEstimator.forModel(deployment.upstreamModel()),
        clock.instant().getEpochSecond());
    String url = request.stream()
        ? model.url("streamGenerateContent") + "?alt=sse"
        : model.url("generateContent");
    return new UpstreamRequest("POST", url, model.headers(request.stream()), body);
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    ChatExchange current = exchange();
    if (status < 200 || status > 299) {
      return GeminiErrors.fromResponse(status, headers, body, clock.instant());
    }
    return ChatAnswer.translate(current, body);
  }

  @Override
  public StreamTranslator streamTranslator() {
    ChatExchange current = exchange();
    if (stream == null) {
      stream = new ChatStream(current);
    }
    return stream;
  }

  private ChatExchange exchange() {
    if (exchange == null) {
      throw new IllegalStateException("translateRequest must be called first");
    }
    return exchange;
  }
}
