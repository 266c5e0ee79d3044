package dev.tollgate.adapters.bedrock.sigv4;

import java.util.Objects;

/**
 * An AWS access key, with the session token of temporary credentials. {@link #toString()} shows the key id only.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of temporary (STS) credentials; null for long-term keys
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
  public AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  @Override
  public String toString() {
    return "AwsCredentials[accessKeyId=" + accessKeyId + ", secret hidden"
        + (sessionToken == null ? "" : ", session token hidden") + "]";
  }
}
