package dev.tollgate.edge.proxy;

import dev.tollgate.adapters.Secrets;
import dev.tollgate.edge.route.Upstreams;
import dev.tollgate.schemas.usage.UsageEvent;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What every proxied request shares: the HTTP client to providers, where providers are, their credentials, where
 * usage events go, and how far failover goes.
 */
public record Upstream(
    HttpClient client,
    Upstreams upstreams,
    Secrets secrets,
    Consumer<UsageEvent> usage,
    String edgeId,
    FailoverSettings failover,
    Clock clock) {}
