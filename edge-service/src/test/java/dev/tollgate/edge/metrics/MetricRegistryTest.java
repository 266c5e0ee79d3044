package dev.tollgate.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {
  private final MetricRegistry registry = new MetricRegistry();

  @Test
  void shouldRenderTheExactTextFormat() {
    Counter requests = registry.counter("app_requests_total", "Requests.", 10, "method", "code");
    Gauge temperature = registry.gauge("app_temperature_celsius", "Temperature.", 10);
    Histogram latency = registry.histogram("app_latency_seconds", "Latency.", new double[] {0.1, 1}, 10);
    requests.labels("post", "200").inc(3);
    requests.labels("get", "404").inc();
    temperature.labels().set(21.5);
    latency.labels().observe(0.05);
    latency.labels().observe(0.5);

    String text = registry.render();

    assertEquals("""
        # HELP app_requests_total Requests.
        # TYPE app_requests_total counter
        app_requests_total{method="get",code="404"} 1
        app_requests_total{method="post",code="200"} 3
        # HELP app_temperature_celsius Temperature.
        # TYPE app_temperature_celsius gauge
        app_temperature_celsius 21.5
        # HELP app_latency_seconds Latency.
        # TYPE app_latency_seconds histogram
        app_latency_seconds_bucket{le="0.1"} 1
        app_latency_seconds_bucket{le="1"} 2
        app_latency_seconds_bucket{le="+Inf"} 2
        app_latency_seconds_sum 0.55
        app_latency_seconds_count 2
        """, text);
  }

  @Test
  void shouldCountEachSeriesAndReadBackEveryValue() {
    Counter requests = registry.counter("requests_total", "Requests.", 10, "model", "status");
    requests.labels("gpt-4o", "200").inc(5);
    requests.labels("gpt-4o", "429").inc(2);
    requests.labels("mini", "200").inc();

    Exposition scraped = Exposition.parse(registry.render());

    assertEquals("counter", scraped.type.get("requests_total"));
    assertEquals("Requests.", scraped.help.get("requests_total"));
    assertEquals("5", scraped.value("requests_total", Map.of("model", "gpt-4o", "status", "200")));
    assertEquals("2", scraped.value("requests_total", Map.of("model", "gpt-4o", "status", "429")));
    assertEquals("1", scraped.value("requests_total", Map.of("model", "mini", "status", "200")));
    assertEquals(3, scraped.samplesOf("requests_total").size());
  }

  @Test
  void shouldEscapeLabelValuesAndHelpText() {
    Counter counter = registry.counter("odd_total", "A \\ backslash\nand a \"quote\".", 10, "model");
    String nasty = "say \"hi\"\\now\nplease";
    counter.labels(nasty).inc();

    String text = registry.render();
    Exposition scraped = Exposition.parse(text);

    assertEquals("# HELP odd_total A \\\\ backslash\\nand a \"quote\".", text.lines().findFirst().orElseThrow());
    assertEquals("odd_total{model=\"say \\\"hi\\\"\\\\now\\nplease\"} 1", text.lines().skip(2).findFirst().orElseThrow());
    assertEquals("A \\ backslash\nand a \"quote\".", scraped.help.get("odd_total"));
    assertEquals("1", scraped.value("odd_total", Map.of("model", nasty)));
  }

  @Test
  void shouldRenderCumulativeBucketsWithInclusiveBoundsSumAndCount() {
    Histogram latency = registry.histogram("lat_seconds", "Latency.", new double[] {0.1, 0.5, 1}, 10, "deployment");
    Histogram.Series series = latency.labels("sim-a");
    for (double seconds : new double[] {0.05, 0.1, 0.3, 2}) {
      series.observe(seconds);
    }

    Exposition scraped = Exposition.parse(registry.render());

    assertEquals("histogram", scraped.type.get("lat_seconds"));
    assertEquals("2", scraped.value("lat_seconds_bucket", Map.of("deployment", "sim-a", "le", "0.1")));
    assertEquals("3", scraped.value("lat_seconds_bucket", Map.of("deployment", "sim-a", "le", "0.5")));
    assertEquals("3", scraped.value("lat_seconds_bucket", Map.of("deployment", "sim-a", "le", "1")));
    assertEquals("4", scraped.value("lat_seconds_bucket", Map.of("deployment", "sim-a", "le", "+Inf")));
    assertEquals(2.45, Double.parseDouble(scraped.value("lat_seconds_sum", Map.of("deployment", "sim-a"))), 1e-9);
    assertEquals("4", scraped.value("lat_seconds_count", Map.of("deployment", "sim-a")));
  }

  @Test
  void shouldFoldLabelSetsPastTheCapIntoOther() {
    Counter requests = registry.counter("capped_total", "Capped.", 3, "model", "status");
    for (int i = 0; i < 5; i++) {
      requests.labels("model-" + i, "200").inc(10);
    }
    requests.labels("model-0", "200").inc();

    Exposition scraped = Exposition.parse(registry.render());

    assertEquals(4, scraped.samplesOf("capped_total").size());
    assertEquals("11", scraped.value("capped_total", Map.of("model", "model-0", "status", "200")));
    assertEquals("10", scraped.value("capped_total", Map.of("model", "model-2", "status", "200")));
    assertEquals("20", scraped.value("capped_total", Map.of("model", "other", "status", "other")));
  }

  @Test
  void shouldShowAMetricWithoutLabelsAtZeroBeforeItsFirstEvent() {
    registry.counter("idle_total", "Never incremented.", 10);
    registry.gauge("idle_gauge", "Never set.", 10);

    Exposition scraped = Exposition.parse(registry.render());

    assertEquals("0", scraped.value("idle_total", Map.of()));
    assertEquals("0", scraped.value("idle_gauge", Map.of()));
  }

  @Test
  void shouldRenderSpecialAndFractionalNumbersAsPrometheusReadsThem() {
    Gauge gauge = registry.gauge("values", "Values.", 10, "case");
    gauge.labels("nan").set(Double.NaN);
    gauge.labels("inf").set(Double.POSITIVE_INFINITY);
    gauge.labels("tiny").set(0.0001);
    gauge.labels("moved").add(2.5);
    gauge.labels("moved").add(-1);
    registry.sampledGauge("sampled", "Sampled.", () -> 42);

    Exposition scraped = Exposition.parse(registry.render());

    assertEquals("NaN", scraped.value("values", Map.of("case", "nan")));
    assertEquals("+Inf", scraped.value("values", Map.of("case", "inf")));
    assertEquals(0.0001, Double.parseDouble(scraped.value("values", Map.of("case", "tiny"))));
    assertEquals("1.5", scraped.value("values", Map.of("case", "moved")));
    assertEquals("42", scraped.value("sampled", Map.of()));
  }

  @Test
  void shouldRejectBadNamesDuplicatesAndBadBuckets() {
    registry.counter("taken_total", "Taken.", 10);

    assertThrows(IllegalArgumentException.class, () -> registry.counter("taken_total", "Again.", 10));
    assertThrows(IllegalArgumentException.class, () -> registry.counter("0starts_with_digit", "Bad.", 10));
    assertThrows(IllegalArgumentException.class, () -> registry.counter("ok_total", "Bad label.", 10, "__reserved"));
    assertThrows(IllegalArgumentException.class, () -> registry.histogram("h", "Le.", new double[] {1}, 10, "le"));
    assertThrows(IllegalArgumentException.class, () -> registry.histogram("h2", "Order.", new double[] {1, 1}, 10));
    Counter labelled = registry.counter("labelled_total", "Labelled.", 10, "a", "b");
    assertThrows(IllegalArgumentException.class, () -> labelled.labels("only-one"));
    assertThrows(IllegalArgumentException.class, () -> labelled.labels("x", "y").inc(-1));
  }

  @Test
  void shouldCountEveryIncrementFromManyThreads() throws Exception {
    Counter counter = registry.counter("busy_total", "Busy.", 10, "thread");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String label = "t" + (t % 2);
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 10_000; i++) {
          counter.labels(label).inc();
        }
        return null;
      }));
    }

    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    Exposition scraped = Exposition.parse(registry.render());

    assertEquals("40000", scraped.value("busy_total", Map.of("thread", "t0")));
    assertEquals("40000", scraped.value("busy_total", Map.of("thread", "t1")));
  }
}
