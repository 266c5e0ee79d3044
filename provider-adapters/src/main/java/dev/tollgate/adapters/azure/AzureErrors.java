package dev.tollgate.adapters.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.adapters.UpstreamFailure;
import java.io.IOException;
import java.util.Objects;

/**
 * Azure's error codes in OpenAI's terms. The OpenAI-compatible reading already takes {@code message}, {@code code}
 * and {@code param} from Azure's {@code {"error":{…}}}; what differs is the code.
 */
final class AzureErrors {
  static final String CONTENT_FILTER = "content_filter";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AzureErrors() {}

  static UpstreamFailure refine(UpstreamFailure failure, byte[] body) {
    String code = failure.code();
    if (code != null && code.chars().allMatch(Character::isDigit)) {
      // Azure echoes the status as the code ("429", "401"); OpenAI's SDKs and clients look for its own codes
      code = failure.status() == 429 ? "rate_limit_exceeded" : null;
    }
    if (failure.status() == 400 && (CONTENT_FILTER.equals(code) || refusedByContentFilter(body))) {
      code = CONTENT_FILTER;
    }
    if (Objects.equals(code, failure.code())) {
      return failure;
    }
    return new UpstreamFailure(failure.status(), failure.type(), code, failure.param(), failure.message(),
        failure.retryAfterMs(), failure.retryable());
  }

  /** Azure marks a prompt refused by its content filter with {@code innererror.code: ResponsibleAIPolicyViolation}. */
  private static boolean refusedByContentFilter(byte[] body) {
    try {
      JsonNode inner = MAPPER.readTree(body).path("error").path("innererror");
      return "ResponsibleAIPolicyViolation".equals(inner.path("code").asText(null));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
