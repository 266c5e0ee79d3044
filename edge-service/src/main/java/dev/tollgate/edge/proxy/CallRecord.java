package dev.tollgate.edge.proxy;

import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Usage;
import dev.tollgate.edge.auth.Principal;
import dev.tollgate.edge.route.RoutePlan;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.time.Clock;
import java.time.Instant;

/**
 * What one request did, kept as it goes and turned into exactly one usage event at the end. Confined to the
 * request's event loop.
 */
final class CallRecord {
  private final String requestId;
  private final String edgeId;
  private final Principal principal;
  private final OpenAiRequest request;
  private final Clock clock;
  private final Instant startedAt;
  private final long startedNanos;
  private RoutePlan.Attempt attempt;
  private int attemptNumber;
  private long attemptStartedNanos;
  private Long ttftMs;

  CallRecord(String requestId, String edgeId, Principal principal, OpenAiRequest request, Clock clock) {
    this.requestId = requestId;
    this.edgeId = edgeId;
    this.principal = principal;
    this.request = request;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.startedNanos = System.nanoTime();
  }

  void attempting(RoutePlan.Attempt next) {
    attempt = next;
    attemptNumber++;
    attemptStartedNanos = System.nanoTime();
  }


  int attempts() {
    return attemptNumber;
  }

  RoutePlan.Attempt attempt() {
    return attempt;
  }

  /** The first byte of the answer reached the client now (only the first call counts). */
  void firstByte() {
    if (ttftMs == null) {
      ttftMs = (System.nanoTime() - startedNanos) / 1_000_000;
    }
  }

  long elapsedMs() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /**
   * The event of the current attempt, which failed with {@code httpStatus} and was failed over: the routing
   * service's health sees it as the deployment's failure. Its request id is the request's with
   * {@code /attempt-<n>} appended, so it is not taken for the request's own event; it bills nothing.
   */
  UsageEvent failedAttemptEvent(int httpStatus) {
    return new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, requestId + "/attempt-" + attemptNumber,
        principal.tenant().id(), principal.key().id(), request.endpoint().usageEndpoint(), request.model(),
        attempt.provider().id(), attempt.deployment().id(), attempt.deployment().upstreamModel(), attemptNumber,
        TokenCounts.ZERO, UsageSource.PROVIDER, Outcome.UPSTREAM_ERROR, httpStatus, request.stream(), startedAt,
        clock.instant(), (System.nanoTime() - attemptStartedNanos) / 1_000_000, null, edgeId);
  }

  /** The usage event of this request; the tokens come only from the attempt that answered. */
  UsageEvent toEvent(Outcome outcome, int httpStatus, Usage usage) {
    TokenCounts tokens = usage == null ? TokenCounts.ZERO : usage.tokenCounts();
    UsageSource source = usage == null ? UsageSource.PROVIDER : usage.source();
    return new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, requestId, principal.tenant().id(),
        principal.key().id(), request.endpoint().usageEndpoint(), request.model(),
        attempt == null ? null : attempt.provider().id(),
        attempt == null ? null : attempt.deployment().id(),
        attempt == null ? null : attempt.deployment().upstreamModel(),
        attemptNumber, tokens, source, outcome, httpStatus, request.stream(), startedAt, clock.instant(),
        elapsedMs(), ttftMs, edgeId);
  }
}
