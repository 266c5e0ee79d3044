package dev.tollgate.adapters.bedrock;

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

/** One chat request to a Bedrock model through Converse or ConverseStream, signed with SigV4. */
final class BedrockChatTranslator implements Translator {
  private final Clock clock;
  private ChatAnswer answer;
  private ConverseStreamTranslator stream;

  BedrockChatTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    if (request.endpoint() != OpenAiEndpoint.CHAT_COMPLETIONS) {
      throw new IllegalArgumentException("a " + request.endpoint() + " request given to the Bedrock chat translator");
    }
    byte[] body = ConverseRequests.body(request);
    UpstreamRequest signed = SignedRequests.post(spec, deployment, secrets, clock,
        request.stream() ? "converse-stream" : "converse",
        request.stream() ? "application/vnd.amazon.eventstream" : "application/json", body);
    answer = new ChatAnswer(SignedRequests.responseId("chatcmpl-", signed), clock.instant().getEpochSecond(), request,
        TokenEstimator.forModel(deployment.upstreamModel()));
    return signed;
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    ChatAnswer current = answer();
    if (status < 200 || status > 299) {
      return BedrockErrors.fromResponse(status, headers, body, clock.instant());
    }
    return ConverseResponses.translate(current, body);
  }

  @Override
  public StreamTranslator streamTranslator() {
    ChatAnswer current = answer();
    if (stream == null) {
      stream = new ConverseStreamTranslator(current);
    }
    return stream;
  }

  private ChatAnswer answer() {
    if (answer == null) {
      throw new IllegalStateException("translateRequest must be called first");
    }
    return answer;
  }
}
