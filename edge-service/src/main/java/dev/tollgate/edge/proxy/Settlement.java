package dev.tollgate.edge.proxy;

import dev.tollgate.edge.budget.Charge;
import dev.tollgate.edge.budget.Spend;
import dev.tollgate.edge.route.RoutePlan;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.adapters.Usage;
import dev.tollgate.edge.limits.Permit;
import dev.tollgate.edge.metrics.Metrics;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.UsageEvent;
import java.util.List;

/**
 * The end of an admitted request: its token charge and its budget reservation corrected to the real usage, its
 * slots released, its figures counted. Runs once, when the usage event is emitted.
 */
record Settlement(Permit permit, Charge budget, List<RoutePlan.Attempt> plan, Metrics metrics) {
  void settle(UsageEvent event, Usage usage) {
    // a stream that died with unknown usage keeps the estimate it was admitted with
    if (usage != null) {
      permit.settle(usage.totalTokens());
    }
    permit.release();
    if (usage == null && mayHaveBeenBilled(event)) {
      budget.hold();
    } else {
      budget.settle(cost(event));
    }
    metrics.requestFinished(Json.wire(event.endpoint()), event.modelAlias(), event.httpStatus());
    if (event.deployment() != null) {
      metrics.upstreamLatency(event.deployment(), event.latencyMs() * 1_000_000);
      if (event.ttftMs() != null) {
        metrics.timeToFirstToken(event.deployment(), event.ttftMs() * 1_000_000);
      }
    }
  }

  /** A provider was asked and may have produced tokens we never learnt of: an answer without usage, or a cancel. */
  private static boolean mayHaveBeenBilled(UsageEvent event) {
    return event.deployment() != null
        && (event.outcome() == Outcome.OK || event.outcome() == Outcome.CLIENT_CANCELLED);
  }

  /** What metering will charge for the event: its tokens at its deployment's price at its start. */
  private long cost(UsageEvent event) {
    for (RoutePlan.Attempt attempt : plan) {
      // deployment ids are unique only within a model, and the plan may hold fallback aliases' deployments too
      if (attempt.deployment().id().equals(event.deployment()) && attempt.provider().id().equals(event.provider())) {
        return attempt.deployment().priceAt(event.startedAt()).map(p -> Spend.actual(event.tokens(), p)).orElse(0L);
      }
    }
    return 0;
  }
}
