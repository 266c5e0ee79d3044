package dev.tollgate.adapters;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a non-streamed upstream response became: either the OpenAI response to send the client, or the upstream's
 * failure in OpenAI's error terms. Test with {@code instanceof}.
 */
public sealed interface TranslatedResponse permits TranslatedResponse.Success, UpstreamFailure {

  /**
   * A successful answer.
   *
   * @param body the OpenAI JSON to send the client, with the public model alias
   * @param usage the tokens it used, reported by the provider or estimated
   */
  record Success(byte[] body, Usage usage) implements TranslatedResponse {
    public Success {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(usage, "usage");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Success that && Arrays.equals(body, that.body) && usage.equals(that.usage);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(body) + usage.hashCode();
    }

    @Override
    public String toString() {
      return "Success[body=" + body.length + " bytes, usage=" + usage + "]";
    }
  }
}
