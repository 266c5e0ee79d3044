package dev.tollgate.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.edge.limits.LimitKind;
import dev.tollgate.edge.limits.LimitScope;
import dev.tollgate.edge.limits.RateLimitHeaders;
import dev.tollgate.edge.limits.Refusal;
import dev.tollgate.edge.usage.UsageMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final Metrics metrics = Metrics.create(Clock.fixed(NOW, ZoneOffset.UTC), () -> 7, () -> 12);

  @Test
  void shouldExposeEveryEdgeMetricWithItsType() {
    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals(
        Map.ofEntries(
            Map.entry("tollgate_edge_requests_total", "counter"),
            Map.entry("tollgate_edge_rate_limit_refusals_total", "counter"),
            Map.entry("tollgate_edge_budget_refusals_total", "counter"),
            Map.entry("tollgate_edge_budget_stale_admissions_total", "counter"),
            Map.entry("tollgate_edge_requests_in_flight", "gauge"),
            Map.entry("tollgate_edge_rate_limit_scopes", "gauge"),
            Map.entry("tollgate_edge_upstream_failures_total", "counter"),
            Map.entry("tollgate_edge_failovers_total", "counter"),
            Map.entry("tollgate_edge_upstream_latency_seconds", "histogram"),
            Map.entry("tollgate_edge_time_to_first_token_seconds", "histogram"),
            Map.entry("tollgate_edge_config_age_seconds", "gauge")),
        scraped.type);
    assertEquals("7", scraped.value("tollgate_edge_requests_in_flight", Map.of()));
    assertEquals("12", scraped.value("tollgate_edge_rate_limit_scopes", Map.of()));
    assertEquals("NaN", scraped.value("tollgate_edge_config_age_seconds", Map.of()));
    assertEquals(7, scraped.samplesOf("tollgate_edge_rate_limit_refusals_total").size());
  }

  @Test
  void shouldCountUpstreamFailuresByProviderAndKindAndFailoversByModel() {
    metrics.upstreamFailed("openai", "connect_refused");
    metrics.upstreamFailed("openai", "connect_refused");
    metrics.upstreamFailed("anthropic", "response_timeout");
    metrics.failedOver("gpt-4o");
    metrics.failedOver(null);

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("2", scraped.value("tollgate_edge_upstream_failures_total",
        Map.of("provider", "openai", "kind", "connect_refused")));
    assertEquals("1", scraped.value("tollgate_edge_upstream_failures_total",
        Map.of("provider", "anthropic", "kind", "response_timeout")));
    assertEquals("1", scraped.value("tollgate_edge_failovers_total", Map.of("model", "gpt-4o")));
    assertEquals("1", scraped.value("tollgate_edge_failovers_total", Map.of("model", "")));
  }

  @Test
  void shouldReportBudgetDecisionAgesAndRefusals() {
    metrics.watchBudgets(() -> Map.of("acme-monthly", 2.5, "k1-daily", 0.0), () -> 1.25);
    metrics.budgetRefused(Metrics.BUDGET_EXHAUSTED);
    metrics.budgetAdmittedStale();
    metrics.budgetAdmittedStale();

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("gauge", scraped.type.get("tollgate_edge_budget_decision_age_seconds"));
    assertEquals("2.5", scraped.value("tollgate_edge_budget_decision_age_seconds", Map.of("budget", "acme-monthly")));
    assertEquals("0", scraped.value("tollgate_edge_budget_decision_age_seconds", Map.of("budget", "k1-daily")));
    assertEquals("1.25", scraped.value("tollgate_edge_budget_decisions_silence_seconds", Map.of()));
    assertEquals("1", scraped.value("tollgate_edge_budget_refusals_total", Map.of("reason", "exhausted")));
    assertEquals("0", scraped.value("tollgate_edge_budget_refusals_total", Map.of("reason", "stale")));
    assertEquals("2", scraped.value("tollgate_edge_budget_stale_admissions_total", Map.of()));
  }

  @Test
  void shouldReportTheUsageEmittersFiguresAtEachScrape() {
    metrics.watchUsage(() -> new UsageMetrics(10, 6, 4, 3, 0, 0, 0, 1, 2048, 0, true, false));

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("9", scraped.value("tollgate_edge_usage_events_delivered", Map.of()));
    assertEquals("4", scraped.value("tollgate_edge_usage_events_spooled", Map.of()));
    assertEquals("3", scraped.value("tollgate_edge_usage_events_replayed", Map.of()));
    assertEquals("0", scraped.value("tollgate_edge_usage_events_dropped", Map.of()));
    assertEquals("2048", scraped.value("tollgate_edge_usage_spool_bytes", Map.of()));
    assertEquals("0", scraped.value("tollgate_edge_usage_spool_full", Map.of()));
  }

  @Test
  void shouldCountRequestsAndRefusals() {
    metrics.requestFinished("chat_completions", "gpt-4o", 200);
    metrics.requestFinished("chat_completions", "gpt-4o", 200);
    metrics.requestFinished("chat_completions", null, 400);
    metrics.rateLimitRefused(new Refusal(LimitKind.TOKENS, LimitScope.TENANT, 1_000, RateLimitHeaders.NONE, "m"));

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("2", scraped.value("tollgate_edge_requests_total",
        Map.of("endpoint", "chat_completions", "model", "gpt-4o", "status", "200")));
    assertEquals("1", scraped.value("tollgate_edge_requests_total",
        Map.of("endpoint", "chat_completions", "model", "", "status", "400")));
    assertEquals("1", scraped.value("tollgate_edge_rate_limit_refusals_total",
        Map.of("limit", "tokens", "scope", "tenant")));
    assertEquals("0", scraped.value("tollgate_edge_rate_limit_refusals_total",
        Map.of("limit", "concurrency", "scope", "edge")));
  }

  @Test
  void shouldRecordLatencyAndTimeToFirstTokenInSeconds() {
    metrics.upstreamLatency("sim-a", Duration.ofMillis(300).toNanos());
    metrics.timeToFirstToken("sim-a", Duration.ofMillis(40).toNanos());

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("0", scraped.value("tollgate_edge_upstream_latency_seconds_bucket",
        Map.of("deployment", "sim-a", "le", "0.25")));
    assertEquals("1", scraped.value("tollgate_edge_upstream_latency_seconds_bucket",
        Map.of("deployment", "sim-a", "le", "0.5")));
    assertEquals("0.3", scraped.value("tollgate_edge_upstream_latency_seconds_sum", Map.of("deployment", "sim-a")));
    assertEquals("1", scraped.value("tollgate_edge_time_to_first_token_seconds_bucket",
        Map.of("deployment", "sim-a", "le", "0.05")));
    assertEquals("0", scraped.value("tollgate_edge_time_to_first_token_seconds_bucket",
        Map.of("deployment", "sim-a", "le", "0.025")));
  }

  @Test
  void shouldReportTheConfigurationAgeFromTheClock() {
    metrics.configApplied(NOW.minusMillis(90_500));

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("90.5", scraped.value("tollgate_edge_config_age_seconds", Map.of()));
  }

  @Test
  void shouldKeepInventedModelNamesFromGrowingTheRequestsMetric() {
    for (int i = 0; i < Metrics.MAX_SERIES_PER_METRIC + 100; i++) {
      metrics.requestFinished("chat_completions", "no-such-model-" + i, 404);
    }

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals(Metrics.MAX_SERIES_PER_METRIC + 1, scraped.samplesOf("tollgate_edge_requests_total").size());
    assertEquals("100", scraped.value("tollgate_edge_requests_total",
        Map.of("endpoint", "other", "model", "other", "status", "other")));
  }
}
