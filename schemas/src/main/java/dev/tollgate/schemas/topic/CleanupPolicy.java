package dev.tollgate.schemas.topic;

import org.apache.kafka.common.config.TopicConfig;

/** What Kafka does with a topic's old records ({@code cleanup.policy}). */
public enum CleanupPolicy {
  /** Records are deleted once older than the topic's retention: event streams and the ledger. */
  DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
  /** Only the latest record per key is kept: tables such as config, routes, decisions and rollups. */
  COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

  private final String config;

  CleanupPolicy(String config) {
    this.config = config;
  }

  /**
   * The value of {@code cleanup.policy} for this policy.
   *
   * @return {@code delete} or {@code compact}
   */
  public String config() {
    return config;
  }
}
