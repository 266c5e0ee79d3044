package dev.tollgate.routing;

import dev.tollgate.routing.health.HealthPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What the routing service needs to know, validated once. The runner builds it from the environment; the topology
 * and the HTTP API only read it.
 *
 * @param applicationId the Kafka Streams {@code application.id}; {@value #DEFAULT_APPLICATION_ID} by default
 * @param health the circuit breaker's and the moving averages' constants
 * @param publishInterval the wall-clock tick: how often cool-downs and registrations are checked, and the shortest
 *     time between two publications of one deployment's health or one alias's table when no circuit changed
 *     state; {@link #DEFAULT_PUBLISH_INTERVAL} by default
 * @param host the address the HTTP API listens on
 * @param port the port the HTTP API listens on; 0 for any free port
 * @param adminToken the bearer token the provider registry requires; null disables the registry
 */
public record RoutingSettings(
    String applicationId, HealthPolicy health, Duration publishInterval, String host, int port, String adminToken) {

  /** The default Kafka Streams application id. */
  public static final String DEFAULT_APPLICATION_ID = "tollgate-routing";

  /** One second. */
  public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);

  /** The default address of the HTTP API. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default port of the HTTP API. */
  public static final int DEFAULT_PORT = 8082;

  public RoutingSettings {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("application_id is required");
    }
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(publishInterval, "publish_interval");
    if (publishInterval.isNegative() || publishInterval.isZero()) {
      throw new IllegalArgumentException("publish_interval must be positive, got " + publishInterval);
    }
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (adminToken != null && adminToken.isBlank()) {
      adminToken = null;
    }
  }

  /**
   * The settings with every default: no admin token, so the registry is disabled.
   *
   * @return the defaults
   */
  public static RoutingSettings defaults() {
    return new RoutingSettings(DEFAULT_APPLICATION_ID, HealthPolicy.defaults(), DEFAULT_PUBLISH_INTERVAL,
        DEFAULT_HOST, DEFAULT_PORT, null);
  }

  /** @return a copy with another application id */
  public RoutingSettings withApplicationId(String id) {
    return new RoutingSettings(id, health, publishInterval, host, port, adminToken);
  }

  /** @return a copy listening elsewhere */
  public RoutingSettings withListener(String newHost, int newPort) {
    return new RoutingSettings(applicationId, health, publishInterval, newHost, newPort, adminToken);
  }

  /** @return a copy with another admin token (null disables the registry) */
  public RoutingSettings withAdminToken(String token) {
    return new RoutingSettings(applicationId, health, publishInterval, host, port, token);
  }

  /** The token never appears in logs or in {@code toString}. */
  @Override
  public String toString() {
    return "RoutingSettings[applicationId=" + applicationId + ", health=" + health + ", publishInterval="
        + publishInterval + ", host=" + host + ", port=" + port + ", adminToken="
        + (adminToken == null ? "none" : "set") + "]";
  }
}
