package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** AWS Bedrock's Converse API, signed with SigV4 from credentials named by environment variable. */
public record BedrockSpec(
    String region, String accessKeyIdEnv, String secretAccessKeyEnv, String sessionTokenEnv)
    implements ProviderSpec {
  public BedrockSpec {
    Require.text(region, "region");
    Require.text(accessKeyIdEnv, "access_key_id_env");
    Require.text(secretAccessKeyEnv, "secret_access_key_env");
  }
}
