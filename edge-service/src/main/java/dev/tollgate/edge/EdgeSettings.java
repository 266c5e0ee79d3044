package dev.tollgate.edge;

import java.util.Objects;

/**
 * How one edge instance runs: where it listens, which Kafka cluster feeds it, and its instance id (carried in
 * every usage event).
 */
public record EdgeSettings(String host, int port, String bootstrapServers, String edgeId, int maxBodyBytes) {
  /** Loopback only, unless the operator says otherwise. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public static final int DEFAULT_PORT = 8080;
  /** Large enough for long multimodal prompts, small enough that one client cannot exhaust the heap. */
  public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

  public EdgeSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(edgeId, "edgeId");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1");
    }
  }
}
