package dev.tollgate.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.edge.limits.LimitKind;
import dev.tollgate.edge.limits.LimitScope;
import dev.tollgate.edge.limits.RateLimitHeaders;
import dev.tollgate.edge.limits.Refusal;
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
        Map.of(
            "tollgate_edge_requests_total", "counter",
            "tollgate_edge_rate_limit_refusals_total", "counter",
            "tollgate_edge_requests_in_flight", "gauge",
            "tollgate_edge_rate_limit_scopes", "gauge",
            "tollgate_edge_upstream_latency_seconds", "histogram",
            "tollgate_edge_time_to_first_token_seconds", "histogram",
            "tollgate_edge_usage_events_total", "counter",
            "tollgate_edge_config_age_seconds", "gauge"),
        scraped.type);
    assertEquals("7", scraped.value("tollgate_edge_requests_in_flight", Map.of()));
    assertEquals("12", scraped.value("tollgate_edge_rate_limit_scopes", Map.of()));
    assertEquals("NaN", scraped.value("tollgate_edge_config_age_seconds", Map.of()));
    assertEquals(7, scraped.samplesOf("tollgate_edge_rate_limit_refusals_total").size());
    assertEquals("0", scraped.value("tollgate_edge_usage_events_total", Map.of("path", "spooled")));
  }

  @Test
  void shouldCountRequestsRefusalsAndUsageEvents() {
    metrics.requestFinished("chat_completions", "gpt-4o", 200);
    metrics.requestFinished("chat_completions", "gpt-4o", 200);
    metrics.requestFinished("chat_completions", null, 400);
    metrics.rateLimitRefused(new Refusal(LimitKind.TOKENS, LimitScope.TENANT, 1_000, RateLimitHeaders.NONE, "m"));
    metrics.usageEventProduced();
    metrics.usageEventSpooled();
    metrics.usageEventSpooled();
    metrics.usageEventReplayed();

    Exposition scraped = Exposition.parse(metrics.render());

    assertEquals("2", scraped.value("tollgate_edge_requests_total",
        Map.of("endpoint", "chat_completions", "model", "gpt-4o", "status", "200")));
    assertEquals("1", scraped.value("tollgate_edge_requests_total",
        Map.of("endpoint", "chat_completions", "model", "", "status", "400")));
    assertEquals("1", scraped.value("tollgate_edge_rate_limit_refusals_total",
        Map.of("limit", "tokens", "scope", "tenant")));
    assertEquals("0", scraped.value("tollgate_edge_rate_limit_refusals_total",
        Map.of("limit", "concurrency", "scope", "edge")));
    assertEquals("1", scraped.value("tollgate_edge_usage_events_total", Map.of("path", "produced")));
    assertEquals("2", scraped.value("tollgate_edge_usage_events_total", Map.of("path", "spooled")));
    assertEquals("1", scraped.value("tollgate_edge_usage_events_total", Map.of("path", "replayed")));
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
