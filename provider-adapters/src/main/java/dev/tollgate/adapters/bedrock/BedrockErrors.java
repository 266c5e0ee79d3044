package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import java.io.IOException;
import java.time.Instant;

/**
 * Bedrock's errors in OpenAI's terms. An HTTP error names its class in the {@code x-amzn-errortype} header (or a
 * {@code __type} member) and explains it in {@code {"message":…}}; a stream error is an event-stream message of
 * type {@code exception} whose {@code :exception-type} is the same class in lower camel case.
 *
 * <table>
 *   <caption>Bedrock's error classes</caption>
 *   <tr><th>Bedrock</th><th>status</th><th>type, code</th></tr>
 *   <tr><td>ValidationException (400)</td><td>400</td><td>invalid_request_error</td></tr>
 *   <tr><td>UnrecognizedClientException, InvalidSignatureException, ExpiredTokenException</td><td>401</td>
 *       <td>authentication_error, upstream_auth_failed</td></tr>
 *   <tr><td>AccessDeniedException (403)</td><td>403</td><td>permission_error, upstream_access_denied</td></tr>
 *   <tr><td>ResourceNotFoundException (404)</td><td>404</td><td>invalid_request_error, model_not_found</td></tr>
 *   <tr><td>ThrottlingException (429)</td><td>429</td><td>rate_limit_error, rate_limit_exceeded</td></tr>
 *   <tr><td>ServiceQuotaExceededException (400/429)</td><td>429</td><td>rate_limit_error, quota_exceeded</td></tr>
 *   <tr><td>ModelTimeoutException (408)</td><td>504</td><td>server_error, timeout</td></tr>
 *   <tr><td>ModelErrorException, ModelStreamErrorException (424)</td><td>502</td>
 *       <td>server_error, upstream_model_error</td></tr>
 *   <tr><td>ModelNotReadyException (429), ServiceUnavailableException (503)</td><td>503</td><td>server_error</td></tr>
 *   <tr><td>InternalServerException (500)</td><td>500</td><td>server_error</td></tr>
 * </table>
 *
 * <p>Retries follow {@link UpstreamFailure#classify}: 408, 429 and 5xx are retryable (quota and throttling too: a
 * deployment in another region or account may still answer), the rest are not; a stream error arrives after the
 * stream started and is never retryable. Credential errors get a fixed message, since AWS's may quote the key id.
 */
final class BedrockErrors {
  private static final int MAX_MESSAGE = 1000;

  private BedrockErrors() {}

  static UpstreamFailure fromResponse(int status, UpstreamHeaders headers, byte[] body, Instant now) {
    JsonNode json = tree(body);
    String errorType = errorType(headers.get("x-amzn-errortype"), json);
    Mapping mapping = mapping(errorType, status);
    String message = mapping.credentials
        ? "the upstream provider refused the gateway's credentials (" + errorType + ")"
        : message(json);
    return UpstreamFailure.classify(mapping.status, mapping.type, mapping.code, null, message, headers, now);
  }

  /** A stream's {@code exception} message: its class is the {@code :exception-type} header. */
  static UpstreamFailure fromStream(String exceptionType, byte[] payload) {
    String errorType = exceptionType == null || exceptionType.isEmpty()
        ? "InternalServerException"
        : Character.toUpperCase(exceptionType.charAt(0)) + exceptionType.substring(1);
    Mapping mapping = mapping(errorType, 500);
    String message = mapping.credentials
        ? "the upstream provider refused the gateway's credentials (" + errorType + ")"
        : message(tree(payload));
    return new UpstreamFailure(mapping.status, mapping.type, mapping.code, null, message, null, false);
  }

  private static Mapping mapping(String errorType, int status) {
    return switch (errorType) {
      case "ValidationException" -> new Mapping(400, "invalid_request_error", null, false);
      case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
          "IncompleteSignatureException", "MissingAuthenticationTokenException" ->
          new Mapping(401, "authentication_error", "upstream_auth_failed", true);
      case "AccessDeniedException" -> new Mapping(403, "permission_error", "upstream_access_denied", true);
      case "ResourceNotFoundException" -> new Mapping(404, "invalid_request_error", "model_not_found", false);
      case "ThrottlingException" -> new Mapping(429, "rate_limit_error", "rate_limit_exceeded", false);
      case "ServiceQuotaExceededException" -> new Mapping(429, "rate_limit_error", "quota_exceeded", false);
      case "ModelTimeoutException" -> new Mapping(504, "server_error", "timeout", false);
      case "ModelErrorException", "ModelStreamErrorException" ->
          new Mapping(502, "server_error", "upstream_model_error", false);
      case "ModelNotReadyException" -> new Mapping(503, "server_error", "model_not_ready", false);
      case "ServiceUnavailableException" -> new Mapping(503, "server_error", null, false);
      case "InternalServerException" -> new Mapping(500, "server_error", null, false);
      default -> new Mapping(status >= 400 && status <= 599 ? status : 502, null, null,
          status == 401 || status == 403);
    };
  }

  /** {@code ValidationException:http://internal.amazon.com/coral/…} or {@code com.amazon…#ValidationException}. */
  private static String errorType(String header, JsonNode json) {
    String raw = header != null && !header.isBlank() ? header : json.path("__type").asText("");
    int colon = raw.indexOf(':');
    String name = colon >= 0 ? raw.substring(0, colon) : raw;
    int hash = name.lastIndexOf('#');
    return (hash >= 0 ? name.substring(hash + 1) : name).trim();
  }

  private static String message(JsonNode json) {
    JsonNode message = json.has("message") ? json.get("message") : json.path("Message");
    if (!message.isTextual()) {
      return null;
    }
    String text = message.asText();
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
  }

  private static JsonNode tree(byte[] body) {
    try {
      JsonNode node = BedrockJson.MAPPER.readTree(body);
      return node == null ? BedrockJson.MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return BedrockJson.MAPPER.createObjectNode(); // a body that is not JSON is never echoed
    }
  }

  private record Mapping(int status, String type, String code, boolean credentials) {}
}
