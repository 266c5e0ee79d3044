package dev.tollgate.metering.query;

import dev.tollgate.metering.MeteringSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage API: {@code GET /v1/usage?tenant=…&from=…&to=…&group_by=model|key|day[&format=csv]}, protected by the
 * admin credential ({@code Authorization: Bearer <token>}).
 *
 * <p>Each tenant's rollups live on one instance (see {@link StreamsRollups}). An instance that does not hold the
 * tenant forwards the request, with the same credential, to the one that does, once: a forwarded request carries
 * {@value #FORWARDED_HEADER}, and an instance that gets one for a tenant it does not hold answers 503 rather than
 * forward again (the assignment is moving). Store reads run on a worker thread, never on the event loop.
 */
public final class UsageApi {

  /** Marks a request forwarded by another instance. */
  public static final String FORWARDED_HEADER = "x-tollgate-forwarded";

  private static final Logger LOG = LoggerFactory.getLogger(UsageApi.class);
  private static final long FORWARD_TIMEOUT_MS = 30_000;
  private static final String CSV = "text/csv; charset=utf-8";

  private final Vertx vertx;
  private final UsageApiSettings settings;
  private final MeteringSettings metering;
  private final Clock clock;
  private final HttpClientAgent forwarder;
  private volatile RollupSource source;
  private HttpServer server;

  private UsageApi(Vertx vertx, UsageApiSettings settings, MeteringSettings metering, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.metering = metering;
    this.clock = clock;
    this.forwarder = vertx.createHttpClient();
  }

  /**
   * Starts listening. Until {@link #attach} is called every query is answered 503.
   *
   * @param vertx the Vert.x instance to run on
   * @param settings where to listen, the credential
   * @param metering the retention of the stores, for validating ranges
   * @param clock the time a range's age is measured against
   * @return the API once it listens
   */
  public static Future<UsageApi> start(
      Vertx vertx, UsageApiSettings settings, MeteringSettings metering, Clock clock) {
    UsageApi api = new UsageApi(vertx, settings, metering, clock);
    return api.listen().map(server -> api);
  }

  /**
   * Starts answering queries from {@code rollups}.
   *
   * @param rollups the stores
   */
  public void attach(RollupSource rollups) {
    this.source = rollups;
  }

  /** @return the port it listens on (the chosen one when configured with 0) */
  public int port() {
    return server.actualPort();
  }

  private Future<HttpServer> listen() {
    Router router = Router.router(vertx);
    router.get("/v1/usage").handler(this::usage);
    router.route().last().handler(ctx -> ApiErrors.send(ctx.response(),
        new ApiError.NotFound("Unknown path " + ctx.request().path() + "; the usage API is GET /v1/usage.")));
    router.route().failureHandler(ctx -> ApiErrors.send(ctx.response(),
        new ApiError.Unavailable("The usage API failed to answer; try again.")));
    return vertx.createHttpServer().requestHandler(router).listen(settings.port(), settings.host())
        .onSuccess(listening -> this.server = listening);
  }

  private void usage(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    try {
      if (!settings.credential().accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
        throw new ApiError.Unauthenticated(
            "Missing or wrong admin credential: send Authorization: Bearer <admin token>.").failure();
      }
      UsageQuery query = UsageQuery.parse(
          request::getParam, request.getHeader(HttpHeaders.ACCEPT), clock.instant(), metering);
      RollupSource rollups = source;
      if (rollups == null) {
        throw new ApiError.Unavailable("metering is starting; try again shortly").failure();
      }
      RollupSource.Owner owner = rollups.ownerOf(query.tenant());
      if (owner.local()) {
        vertx.executeBlocking(() -> rollups.read(query, owner.partition()), false)
            .onSuccess(report -> answer(response, query, report))
            .onFailure(failure -> fail(response, failure));
      } else if (request.getHeader(FORWARDED_HEADER) != null) {
        throw new ApiError.Unavailable("the usage store is being reassigned; try again shortly").failure();
      } else {
        forward(request, owner).onFailure(failure -> fail(response, failure));
      }
    } catch (ApiError.Failure failure) {
      ApiErrors.send(response, failure.error());
    }
  }

  private static void answer(HttpServerResponse response, UsageQuery query, UsageReport report) {
    if (query.csv()) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, CSV).end(UsageRendering.csv(report));
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(UsageRendering.json(report));
    }
  }

  private Future<Void> forward(HttpServerRequest request, RollupSource.Owner owner) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(owner.host())
        .setPort(owner.port())
        .setURI(request.uri())
        .setTimeout(FORWARD_TIMEOUT_MS)
        .putHeader(HttpHeaders.AUTHORIZATION, request.getHeader(HttpHeaders.AUTHORIZATION))
        .putHeader(FORWARDED_HEADER, "1");
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept != null) {
      options.putHeader(HttpHeaders.ACCEPT, accept);
    }
    return forwarder.request(options)
        .compose(outgoing -> outgoing.send())
        .compose(answer -> answer.body().map(body -> relay(request.response(), answer, body)));
  }

  private static Void relay(HttpServerResponse response, HttpClientResponse answer, Buffer body) {
    for (String header : new String[] {"content-type", "retry-after", "www-authenticate"}) {
      String value = answer.getHeader(header);
      if (value != null) {
        response.putHeader(header, value);
      }
    }
    response.setStatusCode(answer.statusCode()).end(body);
    return null;
  }

  private static void fail(HttpServerResponse response, Throwable failure) {
    if (!(failure instanceof ApiError.Failure)) {
      LOG.warn("a usage query failed: {}", failure.toString());
    }
    ApiErrors.send(response, failure instanceof ApiError.Failure known
        ? known.error()
        : new ApiError.Unavailable("the instance that holds this tenant's usage did not answer; try again"));
  }
}
