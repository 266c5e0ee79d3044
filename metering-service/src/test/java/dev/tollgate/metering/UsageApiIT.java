package dev.tollgate.metering;

import static dev.tollgate.metering.MeteringFixtures.ADMIN_TOKEN;
import static dev.tollgate.metering.MeteringFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.metering.pricing.Tariff;
import dev.tollgate.metering.query.UsageApi;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two metering instances of one application on the real broker: the usage API of either answers every tenant, the
 * same bytes from both, equal to the totals computed from the events.
 */
class UsageApiIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int TENANTS = 8;
  private static final int EVENTS = 240;

  @TempDir Path stateA;
  @TempDir Path stateB;

  @BeforeAll
  static void createTopics() {
    MeteringFixtures.createTopics();
  }

  @Test
  void shouldAnswerEveryTenantIdenticallyFromEitherInstance() throws Exception {
    // Given two priced models and two instances of one metering application
    String run = UUID.randomUUID().toString().substring(0, 8);
    Price cheap = MeteringFixtures.price(null, "0.15", "0.60", "0.075", null);
    Price dear = MeteringFixtures.price(null, "2.50", "10.00", "1.25", "12.00");
    Map<String, Price> prices = Map.of("mini-" + run, cheap, "big-" + run, dear);
    MeteringFixtures.publishConfig(List.of(
        MeteringFixtures.model("mini-" + run, "d-mini-" + run, cheap),
        MeteringFixtures.model("big-" + run, "d-big-" + run, dear)));
    String app = "metering-api-it-" + run;
    try (MeteringService a = MeteringService.start(MeteringFixtures.withApi(app, stateA, MeteringSettings.defaults()));
        MeteringService b = MeteringService.start(
            MeteringFixtures.withApi(app, stateB, MeteringSettings.defaults()))) {
      a.awaitRunning(DEADLINE);
      b.awaitRunning(DEADLINE);

      // When usage across tenants, keys and models of the last three hours is metered
      Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
      List<UsageEvent> events = events(run, base);
      MeteringFixtures.produceUsage(events);
      Await.until(DEADLINE, () -> a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING,
          "both instances to run");

      // Then both APIs answer every tenant, by hour-aligned and by day-aligned ranges, alike and exactly
      Instant toHour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
      Instant fromDay = base.truncatedTo(ChronoUnit.DAYS);
      Instant toDay = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
      int ownedByA = 0;
      for (int t = 0; t < TENANTS; t++) {
        String tenant = tenant(run, t);
        for (String groupBy : List.of("model", "key", "day")) {
          Map<String, List<String>> expected = expected(events, tenant, groupBy, prices);
          for (String range : List.of(
              "&from=" + base + "&to=" + toHour,
              "&from=" + fromDay.atOffset(ZoneOffset.UTC).toLocalDate() + "&to=" + toDay)) {
            String query = "/v1/usage?tenant=" + tenant + "&group_by=" + groupBy + range;
            String fromA = awaitAnswer(a, query, expected);
            String fromB = awaitAnswer(b, query, expected);
            assertEquals(fromA, fromB, query);
            assertEquals(get(apiPort(a), query + "&format=csv", ADMIN_TOKEN).body(),
                get(apiPort(b), query, ADMIN_TOKEN, "Accept", "text/csv").body(), query);
          }
        }
        ownedByA += ownerCount(a, b, tenant, base, toHour);
      }
      System.out.println("tenants whose rollups instance A holds: " + ownedByA + " of " + TENANTS);
    }
  }

  @Test
  void shouldRefuseAQueryWithoutTheAdminCredentialOrWithABadParameter() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (MeteringService metering = MeteringService.start(
        MeteringFixtures.withApi("metering-api-auth-it-" + run, stateA, MeteringSettings.defaults()))) {
      metering.awaitRunning(DEADLINE);
      String query = "/v1/usage?tenant=acme&from=2026-03-01&to=2026-03-02";

      HttpResponse<String> anonymous = get(apiPort(metering), query, null);
      HttpResponse<String> wrong = get(apiPort(metering), query, ADMIN_TOKEN + "x");
      HttpResponse<String> badFrom = get(apiPort(metering), "/v1/usage?tenant=acme&from=yesterday&to=2026-03-02",
          ADMIN_TOKEN);

      assertEquals(401, anonymous.statusCode());
      assertEquals("invalid_api_key", error(anonymous).getString("code"));
      assertEquals(401, wrong.statusCode());
      assertEquals(400, badFrom.statusCode());
      assertEquals("from", error(badFrom).getString("param"));
    }
  }

  private static List<UsageEvent> events(String run, Instant base) {
    String[] models = {"mini-" + run, "big-" + run};
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      int m = (i / 3) % 2;
      events.add(MeteringFixtures.event(run + "-" + i, tenant(run, i % TENANTS), "k" + (i % 3), models[m],
          "d-" + models[m], base.plusSeconds(41L * i), new TokenCounts(100 + 7L * i, 30 + i, i % 50, i % 11)));
    }
    return events;
  }

  /** Rows the API should give: group → the seven columns, computed from the events. */
  private static Map<String, List<String>> expected(
      List<UsageEvent> events, String tenant, String groupBy, Map<String, Price> prices) {
    Map<String, long[]> sums = new TreeMap<>();
    for (UsageEvent e : events) {
      if (!e.tenant().equals(tenant)) {
        continue;
      }
      String group = switch (groupBy) {
        case "model" -> e.modelAlias();
        case "key" -> e.keyId();
        default -> e.startedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
      };
      long[] s = sums.computeIfAbsent(group, g -> new long[6]);
      s[0]++;
      s[1] += e.tokens().prompt();
      s[2] += e.tokens().completion();
      s[3] += e.tokens().cachedPrompt();
      s[4] += e.tokens().reasoning();
      s[5] += Tariff.cost(e.tokens(), prices.get(e.modelAlias())).totalNanoUsd();
    }
    Map<String, List<String>> rows = new TreeMap<>();
    sums.forEach((group, s) -> rows.put(group, List.of(String.valueOf(s[0]), String.valueOf(s[1]),
        String.valueOf(s[2]), String.valueOf(s[3]), String.valueOf(s[4]),
        new java.math.BigDecimal(s[5]).movePointLeft(9).toPlainString(), String.valueOf(s[5]))));
    return rows;
  }

  private static String awaitAnswer(MeteringService instance, String query, Map<String, List<String>> expected) {
    String[] body = new String[1];
    Await.until(DEADLINE, () -> {
      HttpResponse<String> answer = get(apiPort(instance), query, ADMIN_TOKEN);
      body[0] = answer.body();
      return answer.statusCode() == 200 && rows(new JsonObject(answer.body())).equals(expected);
    }, "the usage API to answer " + query + " with " + expected + " (last: " + body[0] + ")");
    return body[0];
  }

  private static Map<String, List<String>> rows(JsonObject report) {
    String column = switch (report.getString("group_by")) {
      case "model" -> "model";
      case "key" -> "key_id";
      default -> "day";
    };
    Map<String, List<String>> rows = new TreeMap<>();
    JsonArray data = report.getJsonArray("data");
    for (int i = 0; i < data.size(); i++) {
      JsonObject row = data.getJsonObject(i);
      rows.put(row.getString(column), List.of("requests", "prompt_tokens", "completion_tokens",
              "cached_prompt_tokens", "reasoning_tokens", "cost_usd", "cost_nano_usd").stream()
          .map(field -> String.valueOf(row.getValue(field))).toList());
    }
    return rows;
  }

  /** 1 if instance A holds the tenant, 0 if B; asserts exactly one of them does. */
  private static int ownerCount(MeteringService a, MeteringService b, String tenant, Instant from, Instant to)
      throws Exception {
    String query = "/v1/usage?tenant=" + tenant + "&from=" + from + "&to=" + to;
    int fromA = get(apiPort(a), query, ADMIN_TOKEN, UsageApi.FORWARDED_HEADER, "1").statusCode();
    int fromB = get(apiPort(b), query, ADMIN_TOKEN, UsageApi.FORWARDED_HEADER, "1").statusCode();
    assertTrue((fromA == 200) != (fromB == 200), "exactly one instance holds " + tenant + ": " + fromA + "/" + fromB);
    return fromA == 200 ? 1 : 0;
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }

  private static int apiPort(MeteringService instance) {
    return instance.apiPort().orElseThrow();
  }

  private static String tenant(String run, int t) {
    return "t" + t + "-" + run;
  }
}
