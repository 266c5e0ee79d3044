package dev.tollgate.metering.query;

import dev.tollgate.metering.rollup.RollupTotals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A {@link UsageReport} as JSON or as CSV (RFC 4180: a header row, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break). Costs are exact: {@code cost_usd} is a decimal string with nine places, {@code
 * cost_nano_usd} the same amount as an integer of nano-USD.
 */
public final class UsageRendering {

  /** The columns after the group's, in JSON and CSV alike. */
  static final List<String> COLUMNS = List.of(
      "requests", "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "reasoning_tokens",
      "cost_usd", "cost_nano_usd");

  private static final int NANO_SCALE = 9;

  private UsageRendering() {}

  /**
   * The report as JSON: {@code {"object":"usage_report", "tenant", "from", "to", "group_by", "data":[…],
   * "total":{…}}}.
   *
   * @param report the report
   * @return the JSON text
   */
  public static String json(UsageReport report) {
    UsageQuery query = report.query();
    JsonArray data = new JsonArray();
    for (Map.Entry<String, RollupTotals> group : report.groups().entrySet()) {
      data.add(totals(new JsonObject().put(query.groupBy().column(), group.getKey()), group.getValue()));
    }
    return new JsonObject()
        .put("object", "usage_report")
        .put("tenant", query.tenant())
        .put("from", query.from().toString())
        .put("to", query.to().toString())
        .put("group_by", query.groupBy().wire())
        .put("data", data)
        .put("total", totals(new JsonObject(), report.total()))
        .encode();
  }

  /**
   * The report as CSV: one row per group, no total row (a sum of the rows is the total).
   *
   * @param report the report
   * @return the CSV text, ending with CRLF
   */
  public static String csv(UsageReport report) {
    StringBuilder out = new StringBuilder();
    out.append(report.query().groupBy().column());
    COLUMNS.forEach(column -> out.append(',').append(column));
    out.append("\r\n");
    for (Map.Entry<String, RollupTotals> group : report.groups().entrySet()) {
      RollupTotals t = group.getValue();
      out.append(csvField(group.getKey()));
      for (Object value : values(t)) {
        out.append(',').append(value);
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  /**
   * A nano-USD amount in USD, exactly.
   *
   * @param nanoUsd an amount of nano-USD
   * @return for example {@code 0.007000000}
   */
  public static String usd(long nanoUsd) {
    return BigDecimal.valueOf(nanoUsd, NANO_SCALE).toPlainString();
  }

  /** One CSV field as RFC 4180 wants it: quoted, with quotes doubled, when it holds {@code , " CR LF}. */
  static String csvField(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static JsonObject totals(JsonObject into, RollupTotals t) {
    List<Object> values = values(t);
    for (int i = 0; i < COLUMNS.size(); i++) {
      into.put(COLUMNS.get(i), values.get(i));
    }
    return into;
  }

  private static List<Object> values(RollupTotals t) {
    long nano = t.cost().totalNanoUsd();
    return List.of(t.requests(), t.tokens().prompt(), t.tokens().completion(), t.tokens().cachedPrompt(),
        t.tokens().reasoning(), usd(nano), nano);
  }
}
