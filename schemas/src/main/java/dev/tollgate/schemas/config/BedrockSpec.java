package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/**
 * AWS Bedrock's Converse API, signed with SigV4 from credentials named by environment variable.
 *
 * @param region the AWS region, e.g. {@code us-east-1}
 * @param accessKeyIdEnv the variable holding the access key id
 * @param secretAccessKeyEnv the variable holding the secret access key
 * @param sessionTokenEnv the variable holding a session token (temporary credentials); null for long-term keys
 * @param endpointUrl the runtime endpoint, e.g. a VPC endpoint; null for the region's public one
 */
public record BedrockSpec(
    String region, String accessKeyIdEnv, String secretAccessKeyEnv, String sessionTokenEnv, String endpointUrl)
    implements ProviderSpec {
  public BedrockSpec {
    Require.text(region, "region");
    Require.text(accessKeyIdEnv, "access_key_id_env");
    Require.text(secretAccessKeyEnv, "secret_access_key_env");
  }

  /**
   * A spec on the region's public endpoint.
   *
   * @param region the AWS region
   * @param accessKeyIdEnv the variable holding the access key id
   * @param secretAccessKeyEnv the variable holding the secret access key
   * @param sessionTokenEnv the variable holding a session token, or null
   */
  public BedrockSpec(String region, String accessKeyIdEnv, String secretAccessKeyEnv, String sessionTokenEnv) {
    this(region, accessKeyIdEnv, secretAccessKeyEnv, sessionTokenEnv, null);
  }

  /**
   * The endpoint requests go to: {@code endpoint_url}, else {@code https://bedrock-runtime.{region}.amazonaws.com}.
   *
   * @return the endpoint, without a trailing slash
   */
  public String runtimeEndpoint() {
    String url = endpointUrl == null || endpointUrl.isBlank()
        ? "https://bedrock-runtime." + region + ".amazonaws.com"
        : endpointUrl.trim();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
