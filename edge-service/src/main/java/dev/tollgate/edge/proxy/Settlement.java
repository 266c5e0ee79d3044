package dev.tollgate.edge.proxy;

import dev.tollgate.schemas.json.Json;
import dev.tollgate.adapters.Usage;
import dev.tollgate.edge.limits.Permit;
import dev.tollgate.edge.metrics.Metrics;
import dev.tollgate.schemas.usage.UsageEvent;

/**
 * The end of an admitted request: its token charge corrected to the real usage, its slots released, its figures
 * counted. Runs once, when the usage event is emitted.
 */
record Settlement(Permit permit, Metrics metrics) {
  void settle(UsageEvent event, Usage usage) {
    // a stream that died with unknown usage keeps the estimate it was admitted with
    if (usage != null) {
      permit.settle(usage.totalTokens());
    }
    permit.release();
    metrics.requestFinished(Json.wire(event.endpoint()), event.modelAlias(), event.httpStatus());
    if (event.deployment() != null) {
      metrics.upstreamLatency(event.deployment(), event.latencyMs() * 1_000_000);
      if (event.ttftMs() != null) {
        metrics.timeToFirstToken(event.deployment(), event.ttftMs() * 1_000_000);
      }
    }
  }
}
