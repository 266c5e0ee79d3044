package dev.tollgate.adapters.bedrock;

import dev.tollgate.adapters.Secrets;
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

/**
 * Builds a signed {@code POST {endpoint}/model/{modelId}/{action}}: the model id URI-encoded in the path, then
 * {@code content-type} and {@code host} signed with SigV4 (service {@code bedrock}), with {@code x-amz-date} and
 * {@code x-amz-security-token}.
 */
final class SignedRequests {
  /** The service name Bedrock's runtime signs under. */
  static final String SIGNING_NAME = "bedrock";

  private SignedRequests() {}

  static UpstreamRequest post(ProviderSpec spec, Deployment deployment, Secrets secrets, Clock clock, String action,
      String accept, byte[] body) {
    BedrockSpec bedrock = bedrockSpec(spec);
    AwsCredentials credentials = new AwsCredentials(secrets.require(bedrock.accessKeyIdEnv()),
        secrets.require(bedrock.secretAccessKeyEnv()),
        bedrock.sessionTokenEnv() == null ? null : secrets.require(bedrock.sessionTokenEnv()));
    URI endpoint = URI.create(bedrock.runtimeEndpoint());
    String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    String path = basePath + "/model/" + SigV4.uriEncode(deployment.upstreamModel()) + "/" + action;
    Map<String, String> toSign = new LinkedHashMap<>();
    toSign.put("content-type", "application/json");
    toSign.put("host", host(endpoint));
    Map<String, String> signed = new SigV4(bedrock.region(), SIGNING_NAME, clock)
        .sign("POST", path, "", toSign, body, credentials);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", accept);
    headers.putAll(signed);
    return new UpstreamRequest("POST", endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path, headers,
        body);
  }

  /**
   * An id for an answer Bedrock gives none for: {@code prefix} and 29 hex digits of the SHA-256 of the request's
   * signature, which covers the URL, body, time and key. Reproducible in tests, distinct for distinct requests.
   */
  static String responseId(String prefix, UpstreamRequest request) {
    return prefix + SigV4.sha256Hex(request.headers().get("authorization").getBytes(StandardCharsets.UTF_8))
        .substring(0, 29);
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
}
