package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.Require;
import java.time.Instant;

/**
 * One finished request, as the edge saw it; the value of topic {@code tollgate.usage}, keyed by tenant. The edge
 * emits exactly one per request, also for rejected ones, and may replay it from its spool after a Kafka outage:
 * consumers de-duplicate on {@code requestId}.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param requestId the id the edge gave the request, also sent to the client as {@code x-request-id}; unique
 * @param tenant the tenant that owns the key
 * @param keyId the virtual key's id (never its secret)
 * @param endpoint the API endpoint called
 * @param modelAlias the public model name the client asked for
 * @param provider the provider of the deployment that answered last; null when no upstream was called
 * @param deployment the deployment that answered last; null when no upstream was called
 * @param upstreamModel the provider's model name of that deployment; null when no upstream was called
 * @param attempt how many upstream attempts the request took, failovers included; 0 when none was made
 * @param tokens the tokens to bill, zero when none were spent
 * @param usageSource whether {@code tokens} were reported by the provider or estimated by the edge
 * @param outcome how the request ended
 * @param httpStatus the status the edge answered the client with
 * @param stream whether the client asked for a stream
 * @param startedAt when the edge received the request
 * @param finishedAt when the edge sent the last byte or saw the client leave
 * @param latencyMs total time at the edge, in milliseconds
 * @param ttftMs time to the first token sent to the client, in milliseconds; null when none was sent
 * @param edgeId which edge instance served the request
 */
public record UsageEvent(
    int schemaVersion,
    String requestId,
    String tenant,
    String keyId,
    Endpoint endpoint,
    String modelAlias,
    String provider,
    String deployment,
    String upstreamModel,
    int attempt,
    TokenCounts tokens,
    UsageSource usageSource,
    Outcome outcome,
    int httpStatus,
    boolean stream,
    Instant startedAt,
    Instant finishedAt,
    long latencyMs,
    Long ttftMs,
    String edgeId) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public UsageEvent {
    Require.schemaVersion(schemaVersion);
    Require.text(requestId, "request_id");
    Require.text(tenant, "tenant");
    Require.text(keyId, "key_id");
    Require.present(endpoint, "endpoint");
    Require.text(modelAlias, "model_alias");
    Require.optionalText(provider, "provider");
    Require.optionalText(deployment, "deployment");
    Require.optionalText(upstreamModel, "upstream_model");
    Require.nonNegative(attempt, "attempt");
    Require.present(tokens, "tokens");
    Require.present(usageSource, "usage_source");
    Require.present(outcome, "outcome");
    if (httpStatus < 100 || httpStatus > 599) {
      throw new IllegalArgumentException("http_status must be an HTTP status (100-599), got " + httpStatus);
    }
    Require.present(startedAt, "started_at");
    Require.present(finishedAt, "finished_at");
    Require.notBefore(finishedAt, "finished_at", startedAt, "started_at");
    Require.nonNegative(latencyMs, "latency_ms");
    if (ttftMs != null) {
      Require.nonNegative(ttftMs, "ttft_ms");
    }
    Require.text(edgeId, "edge_id");
  }

  /**
   * The record key on {@code tollgate.usage}: the tenant, so one tenant's events stay in order on one partition.
   *
   * @return {@code tenant}
   */
  public String topicKey() {
    return tenant;
  }
}
