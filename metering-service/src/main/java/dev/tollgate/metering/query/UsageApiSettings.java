package dev.tollgate.metering.query;

import java.util.Objects;

/**
 * Where the usage API listens and what protects it.
 *
 * @param host the address to bind, {@value #DEFAULT_HOST} by default
 * @param port the port to bind, {@value #DEFAULT_PORT} by default; 0 picks a free one
 * @param advertisedHost how the other instances reach this one: its {@code application.server} host; the bind
 *     address by default
 * @param credential the admin credential every request must carry
 */
public record UsageApiSettings(String host, int port, String advertisedHost, AdminCredential credential) {

  /** Loopback only, unless configured otherwise. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The edge's default port plus one. */
  public static final int DEFAULT_PORT = 8081;

  public UsageApiSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the usage API host is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the usage API port must be 0-65535, got " + port);
    }
    if (advertisedHost == null || advertisedHost.isBlank()) {
      throw new IllegalArgumentException("the usage API advertised host is required");
    }
    Objects.requireNonNull(credential, "the admin credential is required");
  }
}
