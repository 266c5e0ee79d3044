package dev.tollgate.edge.proxy;

import dev.tollgate.adapters.Secrets;
import dev.tollgate.edge.route.Upstreams;
import dev.tollgate.schemas.usage.UsageEvent;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What every proxied request shares: the HTTP client to providers, where providers are, their credentials, where
 * usage events go, and the time limits.
 *
 * @param idleTimeout how long an upstream may stay silent (before its first byte or between chunks)
 */
public record Upstream(
    HttpClient client,
    Upstreams upstreams,
    Secrets secrets,
    Consumer<UsageEvent> usage,
    String edgeId,
    Duration idleTimeout,
    int maxAttempts,
    Clock clock) {
  /** Long enough for a slow first token from a large model, short enough to fail over a hung provider. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** The first pick and two fallbacks. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
}
