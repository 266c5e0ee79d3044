package dev.tollgate.schemas.route;

import dev.tollgate.schemas.Require;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A self-hosted provider that registered itself with the routing service: the value of the compacted topic
 * {@code tollgate.provider.registrations}, keyed by its id. It holds until {@link #expiresAt()} unless renewed by
 * a heartbeat, which writes it again with a later {@code renewed_at}; a tombstone removes it.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param id the provider's id, also its provider id in the route table
 * @param baseUrl where its OpenAI-compatible API is reached, e.g. {@code http://10.0.0.7:8000/v1}
 * @param api the wire format it speaks; only {@value #OPENAI_COMPATIBLE} for now
 * @param models the public model aliases it serves, each with the model name it knows
 * @param inputPerMtokUsd price of a million input tokens, in USD
 * @param outputPerMtokUsd price of a million output tokens, in USD
 * @param capacity how many requests it takes at once; its weight in the route table
 * @param ttlSeconds how long the registration holds after {@code renewed_at}
 * @param registeredAt when it first registered
 * @param renewedAt when it last registered or sent a heartbeat
 */
public record ProviderRegistration(
    int schemaVersion,
    String id,
    String baseUrl,
    String api,
    Map<String, String> models,
    BigDecimal inputPerMtokUsd,
    BigDecimal outputPerMtokUsd,
    int capacity,
    int ttlSeconds,
    Instant registeredAt,
    Instant renewedAt) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /** The one wire format a registration may speak. */
  public static final String OPENAI_COMPATIBLE = "openai_compatible";

  public ProviderRegistration {
    Require.schemaVersion(schemaVersion);
    Require.text(id, "id");
    Require.text(baseUrl, "base_url");
    if (!OPENAI_COMPATIBLE.equals(api)) {
      throw new IllegalArgumentException("api must be " + OPENAI_COMPATIBLE + ", got " + api);
    }
    models = Require.map(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("models must name at least one model alias");
    }
    models.forEach((alias, upstream) -> {
      Require.text(alias, "models");
      Require.text(upstream, "models." + alias);
    });
    nonNegative(inputPerMtokUsd, "input_per_mtok_usd");
    nonNegative(outputPerMtokUsd, "output_per_mtok_usd");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    if (ttlSeconds < 1) {
      throw new IllegalArgumentException("ttl_seconds must be >= 1, got " + ttlSeconds);
    }
    Require.present(registeredAt, "registered_at");
    Require.present(renewedAt, "renewed_at");
    Require.notBefore(renewedAt, "renewed_at", registeredAt, "registered_at");
  }

  /**
   * When the registration lapses unless renewed.
   *
   * @return {@code renewed_at + ttl_seconds}
   */
  public Instant expiresAt() {
    return renewedAt.plus(Duration.ofSeconds(ttlSeconds));
  }

  /**
   * The same registration, renewed.
   *
   * @param now the time of the heartbeat
   * @return a copy with {@code renewed_at = now}
   */
  public ProviderRegistration renewedAt(Instant now) {
    return new ProviderRegistration(schemaVersion, id, baseUrl, api, models, inputPerMtokUsd, outputPerMtokUsd,
        capacity, ttlSeconds, registeredAt, now);
  }

  /**
   * The record key on {@code tollgate.provider.registrations}: the id.
   *
   * @return {@code id}
   */
  public String topicKey() {
    return id;
  }

  private static void nonNegative(BigDecimal value, String wireName) {
    if (Require.present(value, wireName).signum() < 0) {
      throw new IllegalArgumentException(wireName + " must be >= 0");
    }
  }
}
