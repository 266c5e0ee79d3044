package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.Require;
import dev.tollgate.schemas.json.Json;
import java.time.Instant;

/**
 * Requests, tokens and cost of one tenant, key and model alias over one UTC hour or day: the value of the
 * compacted topic {@code tollgate.usage.rollups} under {@link #topicKey()}. Each update replaces the previous value
 * for its window, so the latest record per key is the window's total; the totals equal the sum of the priced
 * ledger lines whose {@code usage.started_at} falls in the window.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param tenant the tenant
 * @param keyId the virtual key's id
 * @param modelAlias the public model name
 * @param granularity an hour or a day
 * @param windowStart the first instant of the window, aligned to the UTC hour or day
 * @param windowEnd the first instant after the window: {@code windowStart} plus one hour or one day
 * @param requests how many ledger lines (requests) fell in the window
 * @param tokens the summed tokens
 * @param cost the summed cost
 */
public record UsageRollup(
    int schemaVersion,
    String tenant,
    String keyId,
    String modelAlias,
    Granularity granularity,
    Instant windowStart,
    Instant windowEnd,
    long requests,
    TokenCounts tokens,
    Cost cost) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public UsageRollup {
    Require.schemaVersion(schemaVersion);
    Require.text(tenant, "tenant");
    Require.text(keyId, "key_id");
    Require.text(modelAlias, "model_alias");
    Require.present(granularity, "granularity");
    Require.present(windowStart, "window_start");
    Require.present(windowEnd, "window_end");
    if (!granularity.windowStart(windowStart).equals(windowStart)) {
      throw new IllegalArgumentException("window_start must be aligned to the UTC " + Json.wire(granularity));
    }
    if (!windowStart.plus(granularity.length()).equals(windowEnd)) {
      throw new IllegalArgumentException("window_end must be window_start plus one " + Json.wire(granularity));
    }
    Require.nonNegative(requests, "requests");
    Require.present(tokens, "tokens");
    Require.present(cost, "cost");
  }

  /**
   * The record key on {@code tollgate.usage.rollups}: {@code tenant/keyId/modelAlias/granularity/windowStart}, for
   * example {@code acme/k1/gpt-4o/hour/2026-03-01T12:00:00Z}.
   *
   * @return the compaction key of this window
   */
  public String topicKey() {
    return String.join("/", tenant, keyId, modelAlias, Json.wire(granularity), windowStart.toString());
  }
}
