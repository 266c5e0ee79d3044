package dev.tollgate.edge.metrics;

import dev.tollgate.edge.limits.LimitKind;
import dev.tollgate.edge.limits.LimitScope;
import dev.tollgate.edge.limits.Refusal;
import java.time.Clock;
import java.time.Instant;
import dev.tollgate.edge.usage.UsageMetrics;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The edge's metrics, by name, for {@code GET /metrics}. One instance serves every event loop; recording is
 * lock-free and {@link #render()} writes Prometheus' text format (serve it with {@link #CONTENT_TYPE}).
 */
public final class Metrics {
  /** The content type of {@link #render()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = TextFormat.CONTENT_TYPE;

  /** Series per metric before new label sets fall into {@code other}: model names come from clients. */
  static final int MAX_SERIES_PER_METRIC = 500;
  /** LLM calls run from tens of milliseconds (embeddings) to minutes (long generations). */
  static final double[] LATENCY_BUCKETS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300};
  static final double[] TIME_TO_FIRST_TOKEN_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30};

  /** The {@code reason} of a budget refusal: a hard budget cannot cover the request. */
  public static final String BUDGET_EXHAUSTED = "exhausted";
  /** The {@code reason} of a budget refusal: the decisions are stale and the policy fails closed. */
  public static final String BUDGET_STALE = "stale";

  private static final long NEVER = Long.MIN_VALUE;
  private static final double NANOS_PER_SECOND = 1e9;

  private final MetricRegistry registry = new MetricRegistry();
  private final Clock clock;
  private final AtomicLong configAppliedMillis = new AtomicLong(NEVER);
  private final Counter requests;
  private final Counter refusals;
  private final Counter budgetRefusals;
  private final Counter budgetStaleAdmissions;
  private final Counter upstreamFailures;
  private final Counter failovers;
  private final Histogram upstreamLatency;
  private final Histogram timeToFirstToken;

  private Metrics(Clock clock, LongSupplier requestsInFlight, LongSupplier rateLimitScopes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    requests = registry.counter("tollgate_edge_requests_total",
        "Requests answered by the edge, by endpoint, model alias and HTTP status.",
        MAX_SERIES_PER_METRIC, "endpoint", "model", "status");
    refusals = registry.counter("tollgate_edge_rate_limit_refusals_total",
        "Requests refused with 429 by a rate limit, by limit (requests, tokens, concurrency) and scope (key, tenant, "
            + "edge).",
        MAX_SERIES_PER_METRIC, "limit", "scope");
    budgetRefusals = registry.counter("tollgate_edge_budget_refusals_total",
        "Requests refused by the budget gate, by reason: exhausted (429 insufficient_quota) or stale (503, "
            + "decisions too old under the fail-closed policy).",
        MAX_SERIES_PER_METRIC, "reason");
    budgetRefusals.labels(BUDGET_EXHAUSTED);
    budgetRefusals.labels(BUDGET_STALE);
    budgetStaleAdmissions = registry.counter("tollgate_edge_budget_stale_admissions_total",
        "Requests a budget applies to, admitted while the budget decisions were stale (fail-open policy).",
        MAX_SERIES_PER_METRIC);
    registry.sampledGauge("tollgate_edge_requests_in_flight", "Requests admitted and not yet finished.",
        requestsInFlight::getAsLong);
    registry.sampledGauge("tollgate_edge_rate_limit_scopes", "Key and tenant rate-limit scopes held in memory.",
        rateLimitScopes::getAsLong);
    upstreamFailures = registry.counter("tollgate_edge_upstream_failures_total",
        "Upstream attempts that failed, by provider and kind (connect_refused, connect_timeout, response_timeout, "
            + "reset, tls, dns, pool_timeout, pool_full, error_status, other).",
        MAX_SERIES_PER_METRIC, "provider", "kind");
    failovers = registry.counter("tollgate_edge_failovers_total",
        "Upstream attempts after a request's first, by model alias.", MAX_SERIES_PER_METRIC, "model");
    upstreamLatency = registry.histogram("tollgate_edge_upstream_latency_seconds",
        "Duration of upstream calls, from sending the request to the end of the response, by deployment.",
        LATENCY_BUCKETS, MAX_SERIES_PER_METRIC, "deployment");
    timeToFirstToken = registry.histogram("tollgate_edge_time_to_first_token_seconds",
        "Time from sending a streamed request upstream to its first chunk, by deployment.",
        TIME_TO_FIRST_TOKEN_BUCKETS, MAX_SERIES_PER_METRIC, "deployment");
    registry.sampledGauge("tollgate_edge_config_age_seconds",
        "Seconds since the edge last applied a configuration; NaN until it has one.", this::configAgeSeconds);
    preCreateRefusalSeries();
  }

  /**
   * The edge's metrics.
   *
   * @param clock the wall clock that ages the configuration
   * @param requestsInFlight read at each scrape, e.g. {@code bound::inFlight} of the edge's admission bound
   * @param rateLimitScopes read at each scrape, e.g. {@code gate::trackedScopes}
   */
  public static Metrics create(Clock clock, LongSupplier requestsInFlight, LongSupplier rateLimitScopes) {
    return new Metrics(clock, requestsInFlight, rateLimitScopes);
  }

  /** Counts a finished request; {@code model} is the alias asked for, null when the request had none. */
  public void requestFinished(String endpoint, String model, int status) {
    requests.labels(endpoint, model == null ? "" : model, Integer.toString(status)).inc();
  }

  /** Counts a 429 from the limits. */
  public void rateLimitRefused(Refusal refusal) {
    refusals.labels(refusal.limit().label(), refusal.scope().label()).inc();
  }

  /** Counts a failed upstream attempt to {@code provider}; {@code kind} is the failure's label. */
  public void upstreamFailed(String provider, String kind) {
    upstreamFailures.labels(provider, kind).inc();
  }

  /** Counts an attempt after the first for a request to {@code model}, the alias asked for. */
  public void failedOver(String model) {
    failovers.labels(model == null ? "" : model).inc();
  }

  /** Records the duration of one upstream call to {@code deployment}. */
  public void upstreamLatency(String deployment, long nanos) {
    upstreamLatency.labels(deployment).observe(nanos / NANOS_PER_SECOND);
  }

  /** Records the time to the first chunk of one streamed upstream call to {@code deployment}. */
  public void timeToFirstToken(String deployment, long nanos) {
    timeToFirstToken.labels(deployment).observe(nanos / NANOS_PER_SECOND);
  }

  /**
   * Reports the usage emitter's figures at each scrape. Alert on {@code dropped > 0} and on a full spool: those
   * are the only ways a usage event can be lost.
   */
  public void watchUsage(Supplier<UsageMetrics> usage) {
    registry.sampledGauge("tollgate_edge_usage_events_delivered",
        "Usage events Kafka acknowledged since start, sent directly or replayed from the spool.",
        () -> usage.get().delivered());
    registry.sampledGauge("tollgate_edge_usage_events_spooled",
        "Usage events written to the local spool since start because Kafka was unreachable.",
        () -> usage.get().spooled());
    registry.sampledGauge("tollgate_edge_usage_events_replayed",
        "Spooled usage events replayed to Kafka since start.", () -> usage.get().replayed());
    registry.sampledGauge("tollgate_edge_usage_events_dropped",
        "Usage events lost since start (a full spool or a failing disk); anything above 0 needs attention.",
        () -> usage.get().dropped());
    registry.sampledGauge("tollgate_edge_usage_events_pending",
        "Usage events not yet acknowledged by Kafka: queued, in flight or spooled.", () -> usage.get().pending());
    registry.sampledGauge("tollgate_edge_usage_spool_bytes", "Bytes the usage spool holds.",
        () -> usage.get().spoolBytes());
    registry.sampledGauge("tollgate_edge_usage_spool_full", "1 when the usage spool is full, else 0.",
        () -> usage.get().spoolFull() ? 1 : 0);
  }

  /** Counts a request the budget gate refused, {@code reason} {@link #BUDGET_EXHAUSTED} or {@link #BUDGET_STALE}. */
  public void budgetRefused(String reason) {
    budgetRefusals.labels(reason).inc();
  }

  /** Counts a budgeted request admitted on stale decisions. */
  public void budgetAdmittedStale() {
    budgetStaleAdmissions.labels().inc();
  }

  /**
   * Reports the budget decisions' freshness at each scrape: each budget's decision age (seconds since its
   * {@code decided_at}; old is normal for a budget nobody spends on) and the seconds since the edge last heard from
   * the broker, which the stale policy acts on.
   */
  public void watchBudgets(Supplier<Map<String, Double>> decisionAgesSeconds, DoubleSupplier silenceSeconds) {
    registry.sampledGaugeFamily("tollgate_edge_budget_decision_age_seconds",
        "Seconds since the budget service took the decision this edge holds, by budget id.", "budget",
        decisionAgesSeconds);
    registry.sampledGauge("tollgate_edge_budget_decisions_silence_seconds",
        "Seconds since this edge last heard from the broker about budget decisions; NaN until it has.",
        silenceSeconds);
  }

  /** Notes when the configuration now in use was applied; its age is reported from then on. */
  public void configApplied(Instant appliedAt) {
    configAppliedMillis.set(appliedAt.toEpochMilli());
  }

  /** Every metric in Prometheus text format 0.0.4. */
  public String render() {
    return registry.render();
  }

  private double configAgeSeconds() {
    long applied = configAppliedMillis.get();
    return applied == NEVER ? Double.NaN : Math.max(0, clock.millis() - applied) / 1_000.0;
  }

  /** Shows every refusal kind at 0 from the start, so that rates over them work before the first 429. */
  private void preCreateRefusalSeries() {
    for (LimitScope scope : LimitScope.values()) {
      for (LimitKind limit : LimitKind.values()) {
        if (scope != LimitScope.EDGE || limit == LimitKind.CONCURRENCY) {
          refusals.labels(limit.label(), scope.label());
        }
      }
    }
  }
}
