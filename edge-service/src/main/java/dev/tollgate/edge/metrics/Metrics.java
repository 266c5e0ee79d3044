package dev.tollgate.edge.metrics;

import dev.tollgate.edge.limits.LimitKind;
import dev.tollgate.edge.limits.LimitScope;
import dev.tollgate.edge.limits.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
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

  private static final long NEVER = Long.MIN_VALUE;
  private static final double NANOS_PER_SECOND = 1e9;

  private final MetricRegistry registry = new MetricRegistry();
  private final Clock clock;
  private final AtomicLong configAppliedMillis = new AtomicLong(NEVER);
  private final Counter requests;
  private final Counter refusals;
  private final Histogram upstreamLatency;
  private final Histogram timeToFirstToken;
  private final Counter.Series usageProduced;
  private final Counter.Series usageSpooled;
  private final Counter.Series usageReplayed;

  private Metrics(Clock clock, LongSupplier requestsInFlight, LongSupplier rateLimitScopes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    requests = registry.counter("tollgate_edge_requests_total",
        "Requests answered by the edge, by endpoint, model alias and HTTP status.",
        MAX_SERIES_PER_METRIC, "endpoint", "model", "status");
    refusals = registry.counter("tollgate_edge_rate_limit_refusals_total",
        "Requests refused with 429 by a rate limit, by limit (requests, tokens, concurrency) and scope (key, tenant, "
            + "edge).",
        MAX_SERIES_PER_METRIC, "limit", "scope");
    registry.sampledGauge("tollgate_edge_requests_in_flight", "Requests admitted and not yet finished.",
        requestsInFlight::getAsLong);
    registry.sampledGauge("tollgate_edge_rate_limit_scopes", "Key and tenant rate-limit scopes held in memory.",
        rateLimitScopes::getAsLong);
    upstreamLatency = registry.histogram("tollgate_edge_upstream_latency_seconds",
        "Duration of upstream calls, from sending the request to the end of the response, by deployment.",
        LATENCY_BUCKETS, MAX_SERIES_PER_METRIC, "deployment");
    timeToFirstToken = registry.histogram("tollgate_edge_time_to_first_token_seconds",
        "Time from sending a streamed request upstream to its first chunk, by deployment.",
        TIME_TO_FIRST_TOKEN_BUCKETS, MAX_SERIES_PER_METRIC, "deployment");
    Counter usage = registry.counter("tollgate_edge_usage_events_total",
        "Usage events by path: produced to Kafka, spooled to the local file, replayed from the spool.",
        MAX_SERIES_PER_METRIC, "path");
    usageProduced = usage.labels("produced");
    usageSpooled = usage.labels("spooled");
    usageReplayed = usage.labels("replayed");
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

  /** Records the duration of one upstream call to {@code deployment}. */
  public void upstreamLatency(String deployment, long nanos) {
    upstreamLatency.labels(deployment).observe(nanos / NANOS_PER_SECOND);
  }

  /** Records the time to the first chunk of one streamed upstream call to {@code deployment}. */
  public void timeToFirstToken(String deployment, long nanos) {
    timeToFirstToken.labels(deployment).observe(nanos / NANOS_PER_SECOND);
  }

  /** Counts a usage event acknowledged by Kafka. */
  public void usageEventProduced() {
    usageProduced.inc();
  }

  /** Counts a usage event written to the local spool because Kafka was unreachable. */
  public void usageEventSpooled() {
    usageSpooled.inc();
  }

  /** Counts a spooled usage event replayed to Kafka. */
  public void usageEventReplayed() {
    usageReplayed.inc();
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
