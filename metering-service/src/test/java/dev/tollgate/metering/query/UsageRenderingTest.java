package dev.tollgate.metering.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.metering.rollup.RollupKey;
import dev.tollgate.metering.rollup.RollupTotals;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageRenderingTest {

  private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void shouldSumWindowsPerGroupAndWriteTheCostExactly() {
    UsageReport report = report(GroupBy.MODEL);

    JsonObject json = new JsonObject(UsageRendering.json(report));

    assertEquals(2, json.getJsonArray("data").size());
    JsonObject first = json.getJsonArray("data").getJsonObject(0);
    assertEquals("gpt-4o", first.getString("model"));
    assertEquals(3, first.getLong("requests"));
    assertEquals("0.000000007", first.getString("cost_usd"));
    assertEquals(7, first.getLong("cost_nano_usd"));
    assertEquals("1.000000007", json.getJsonObject("total").getString("cost_usd"));
    assertEquals(1_000_000_007L, json.getJsonObject("total").getLong("cost_nano_usd"));
  }

  @Test
  void shouldWriteRfc4180Csv() {
    String csv = UsageRendering.csv(report(GroupBy.MODEL));

    assertEquals("model,requests,prompt_tokens,completion_tokens,cached_prompt_tokens,reasoning_tokens,cost_usd,"
        + "cost_nano_usd\r\n"
        + "gpt-4o,3,30,3,0,0,0.000000007,7\r\n"
        + "\"odd, \"\"quoted\"\" model\",1,10,1,0,0,1.000000000,1000000000\r\n", csv);
  }

  @Test
  void shouldGroupByUtcDay() {
    String csv = UsageRendering.csv(report(GroupBy.DAY));

    assertEquals("2026-03-01", csv.split("\r\n")[1].split(",")[0]);
  }

  private static UsageReport report(GroupBy groupBy) {
    UsageQuery query = new UsageQuery("acme", DAY, DAY.plusSeconds(86_400), groupBy, false);
    UsageReport report = new UsageReport(query);
    report.add(new RollupKey("acme", "k1", "gpt-4o"), DAY, totals(2, 3));
    report.add(new RollupKey("acme", "k2", "gpt-4o"), DAY.plusSeconds(3_600), totals(1, 4));
    report.add(new RollupKey("acme", "k1", "odd, \"quoted\" model"), DAY, totals(1, 1_000_000_000));
    return report;
  }

  private static RollupTotals totals(long requests, long nanoUsd) {
    return new RollupTotals(requests, new TokenCounts(10 * requests, requests, 0, 0), new Cost(nanoUsd, 0, 0, 0));
  }
}
