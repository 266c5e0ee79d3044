package dev.tollgate.metering.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.metering.MeteringSettings;
import dev.tollgate.metering.rollup.RollupKey;
import dev.tollgate.metering.rollup.RollupTotals;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of the usage API, over stores replaced by a fixed answer: errors, forwarding, loop guard. */
class UsageApiTest {

  private static final String TOKEN = "admin-secret";
  private static final String QUERY = "/v1/usage?tenant=acme&from=2026-03-01&to=2026-03-02";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);

  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldAnswer503UntilTheStoresAreAttachedAndWhileTheyRebalance() throws Exception {
    UsageApi api = start();
    assertEquals(503, get(api, QUERY, TOKEN).statusCode());

    api.attach(new FixedSource(null) {
      @Override
      public Owner ownerOf(String tenant) {
        throw new ApiError.Unavailable("the usage store is rebalancing; try again shortly").failure();
      }
    });
    HttpResponse<String> rebalancing = get(api, QUERY, TOKEN);

    assertEquals(503, rebalancing.statusCode());
    assertEquals("usage_store_unavailable", error(rebalancing).getString("code"));
    assertEquals("1", rebalancing.headers().firstValue("retry-after").orElse(null));
  }

  @Test
  void shouldRefuseWithoutTheCredentialBeforeLookingAtTheQuery() throws Exception {
    UsageApi api = start();

    HttpResponse<String> anonymous = get(api, "/v1/usage?tenant=", null);

    assertEquals(401, anonymous.statusCode());
    assertEquals("invalid_api_key", error(anonymous).getString("code"));
    assertEquals(404, get(api, "/v1/other", TOKEN).statusCode());
  }

  @Test
  void shouldForwardToTheInstanceThatHoldsTheTenantOnce() throws Exception {
    UsageApi holder = start();
    holder.attach(new FixedSource(new RollupSource.Owner("127.0.0.1", holder.port(), 2, true)));
    UsageApi other = start();
    other.attach(new FixedSource(new RollupSource.Owner("127.0.0.1", holder.port(), 2, false)));

    HttpResponse<String> direct = get(holder, QUERY, TOKEN);
    HttpResponse<String> forwarded = get(other, QUERY + "&format=csv", TOKEN);
    HttpResponse<String> loop = http.send(request(other, QUERY, TOKEN).header(UsageApi.FORWARDED_HEADER, "1")
        .build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, direct.statusCode());
    assertEquals(7, new JsonObject(direct.body()).getJsonObject("total").getLong("cost_nano_usd"));
    assertEquals(200, forwarded.statusCode());
    assertEquals("text/csv; charset=utf-8", forwarded.headers().firstValue("content-type").orElse(null));
    assertEquals("model,requests,prompt_tokens,completion_tokens,cached_prompt_tokens,reasoning_tokens,cost_usd,"
        + "cost_nano_usd\r\ngpt-4o,1,10,1,0,0,0.000000007,7\r\n", forwarded.body());
    assertEquals(503, loop.statusCode());
  }

  private UsageApi start() throws Exception {
    UsageApiSettings settings = new UsageApiSettings("127.0.0.1", 0, "127.0.0.1", AdminCredential.of(TOKEN));
    return UsageApi.start(vertx, settings, MeteringSettings.defaults(), CLOCK)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(UsageApi api, String path, String token) throws Exception {
    return http.send(request(api, path, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(UsageApi api, String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }

  /** One owner for every tenant, and one window of 7 nano-USD. */
  private static class FixedSource implements RollupSource {
    private final Owner owner;

    FixedSource(Owner owner) {
      this.owner = owner;
    }

    @Override
    public Owner ownerOf(String tenant) {
      return owner;
    }

    @Override
    public UsageReport read(UsageQuery query, int partition) {
      UsageReport report = new UsageReport(query);
      report.add(new RollupKey(query.tenant(), "k1", "gpt-4o"), query.from(),
          new RollupTotals(1, new TokenCounts(10, 1, 0, 0), new Cost(7, 0, 0, 0)));
      return report;
    }
  }
}
