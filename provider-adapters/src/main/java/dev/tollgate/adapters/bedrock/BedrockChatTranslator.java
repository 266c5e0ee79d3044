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
import dev.tollgate.adapters.bedrock.sigv4.AwsCredentials;
import dev.tollgate.adapters.bedrock.sigv4.SigV4;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** One chat request to a Bedrock model through Converse or ConverseStream, signed with SigV4. */
final class BedrockChatTranslator implements Translator {
  /** The service name Bedrock's runtime signs under. */
  static final String SIGNING_NAME = "bedrock";

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
    BedrockSpec bedrock = bedrockSpec(spec);
    byte[] body = ConverseRequests.body(request);
    AwsCredentials credentials = new AwsCredentials(secrets.require(bedrock.accessKeyIdEnv()),
        secrets.require(bedrock.secretAccessKeyEnv()),
        bedrock.sessionTokenEnv() == null ? null : secrets.require(bedrock.sessionTokenEnv()));
    URI endpoint = URI.create(bedrock.runtimeEndpoint());
    String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    String path = basePath + "/model/" + SigV4.uriEncode(deployment.upstreamModel())
        + (request.stream() ? "/converse-stream" : "/converse");
    Map<String, String> toSign = new LinkedHashMap<>();
    toSign.put("content-type", "application/json");
    toSign.put("host", host(endpoint));
    Map<String, String> signed = new SigV4(bedrock.region(), SIGNING_NAME, clock)
        .sign("POST", path, "", toSign, body, credentials);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", request.stream() ? "application/vnd.amazon.eventstream" : "application/json");
    headers.putAll(signed);
    answer = new ChatAnswer(responseId(signed.get("authorization")), clock.instant().getEpochSecond(), request,
        TokenEstimator.forModel(deployment.upstreamModel()));
    return new UpstreamRequest("POST", endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path, headers,
        body);
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

  private static BedrockSpec bedrockSpec(ProviderSpec spec) {
    if (spec instanceof BedrockSpec bedrock) {
      return bedrock;
    }
    throw new IllegalArgumentException("expected a bedrock provider spec, got " + spec.getClass().getSimpleName());
  }

  /** The Host header as HTTP clients send it: the port only when it is not the scheme's default. */
  private static String host(URI endpoint) {
    int port = endpoint.getPort();
    boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(endpoint.getScheme()) && port == 443)
        || ("http".equalsIgnoreCase(endpoint.getScheme()) && port == 80);
    return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
  }

  private static String responseId(String authorization) {
    return "chatcmpl-" + SigV4.sha256Hex(authorization.getBytes(StandardCharsets.UTF_8)).substring(0, 29);
  }
}
