package dev.tollgate.schemas.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entity of the declarative configuration, as published on {@code tollgate.config} under the key
 * {@link #topicKey()}. A tombstone (null value) under a key removes that entity.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ProviderConfig.class, name = "provider"),
  @JsonSubTypes.Type(value = ModelConfig.class, name = "model"),
  @JsonSubTypes.Type(value = TenantConfig.class, name = "tenant"),
  @JsonSubTypes.Type(value = KeyConfig.class, name = "key"),
  @JsonSubTypes.Type(value = BudgetConfig.class, name = "budget"),
  @JsonSubTypes.Type(value = ConfigRevision.class, name = "revision")
})
public sealed interface ConfigEntity
    permits ProviderConfig, ModelConfig, TenantConfig, KeyConfig, BudgetConfig, ConfigRevision {

  /** Version of this record's shape; readers tolerate unknown fields within a version. */
  int schemaVersion();

  /** The entity's id, unique within its kind. */
  String id();

  /** What kind of entity this is. */
  ConfigKind kind();

  /** The record key on {@code tollgate.config}: {@code kind/id}. */
  default String topicKey() {
    return topicKey(kind(), id());
  }

  /** The record key for an entity of {@code kind} named {@code id}. */
  static String topicKey(ConfigKind kind, String id) {
    return kind.wire() + "/" + id;
  }
}
