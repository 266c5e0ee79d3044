package dev.tollgate.adapters.simulator;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in simulator: a deterministic fake LLM speaking OpenAI's wire format over real HTTP on 127.0.0.1.
 *
 * <p>It serves {@code POST /v1/chat/completions} and {@code POST /v1/completions} (streamed or not, with
 * {@code stream_options.include_usage} honoured exactly as OpenAI does), {@code POST /v1/embeddings} (vectors from a
 * hash of each input) and {@code GET /v1/models}. A reply is a function of the request's input: exactly
 * {@code response_tokens} tokens (fewer when {@code max_tokens} or {@code max_completion_tokens} is smaller), each
 * one token for any tokenizer, with prompt tokens counted by the adapters' own estimator, so tests know the usage in
 * advance ({@link #expectedUsage}). One choice is produced whatever {@code n} asks.
 *
 * <p>Timing: the first chunk after {@code ttft_ms}, then one token per chunk at {@code tokens_per_second}; a
 * non-streamed answer arrives when the last token would have. Failures from {@code SimulatorSpec.failure}: ERROR
 * (status, default 500, with OpenAI's body), RATE_LIMIT (429 with {@code retry-after} and {@code retry-after-ms}),
 * HANG (never answers), CUT_STREAM (the connection drops after {@code after_chunks} token chunks, default 1; a
 * non-streamed request is dropped unanswered); on every valid request, or on every {@code every_nth} one.
 */
public final class SimulatorServer {
  private final HttpServer server;
  private final Counters counters;

  private SimulatorServer(HttpServer server, Counters counters) {
    this.server = server;
    this.counters = counters;
  }

  /**
   * Starts a simulator on loopback.
   *
   * @param vertx the Vert.x instance whose event loop serves it
   * @param spec how it answers
   * @param port the port, or 0 for any free one
   * @return the running simulator, once it listens
   */
  public static Future<SimulatorServer> start(Vertx vertx, SimulatorSpec spec, int port) {
    Objects.requireNonNull(spec, "spec");
    Counters counters = new Counters();
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(new SimulatorHandler(vertx, spec, counters))
        .listen()
        .map(server -> new SimulatorServer(server, counters));
  }

  /**
   * The port it listens on.
   *
   * @return the port
   */
  public int port() {
    return server.actualPort();
  }

  /**
   * Its OpenAI base URL.
   *
   * @return {@code http://127.0.0.1:<port>/v1}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /**
   * The spec to hand the OpenAI-compatible translator in place of the {@code SimulatorSpec}: this server's URL, no
   * key.
   *
   * @return the spec
   */
  public OpenAiCompatibleSpec upstreamSpec() {
    return new OpenAiCompatibleSpec(baseUrl(), null, Map.of());
  }

  /**
   * Requests arrived and not yet over (answered, cut, or abandoned by the client).
   *
   * @return the count now
   */
  public int activeRequests() {
    return counters.active.get();
  }

  /**
   * Requests the client abandoned before the answer was complete: its connection closed mid-answer.
   *
   * @return the count so far
   */
  public long cancelledRequests() {
    return counters.cancelled.get();
  }

  /**
   * Every request received, valid or not.
   *
   * @return the count so far
   */
  public long receivedRequests() {
    return counters.received.get();
  }

  /**
   * Stops listening and closes every open connection (a hung request included).
   *
   * @return when closed
   */
  public Future<Void> close() {
    return server.close();
  }

  /**
   * The usage the simulator reports for a request body, for tests to compare with what the gateway recorded.
   * Prompt tokens depend on the {@code model} in the body the simulator receives (the deployment's upstream model).
   *
   * @param endpoint the endpoint the body is sent to
   * @param requestBody the body as the simulator receives it
   * @param spec the simulator's spec
   * @return the exact usage
   * @throws InvalidRequestException when the simulator would answer 400
   */
  public static Usage expectedUsage(OpenAiEndpoint endpoint, byte[] requestBody, SimulatorSpec spec)
      throws InvalidRequestException {
    OpenAiRequest request = OpenAiRequest.parse(endpoint, requestBody);
    return endpoint == OpenAiEndpoint.EMBEDDINGS ? Reply.embeddingsUsage(request) : Reply.to(request, spec).usage();
  }

  /**
   * The usage the simulator reports for a client's body once a translator has sent it to {@code upstreamModel}:
   * the same as {@link #expectedUsage(OpenAiEndpoint, byte[], SimulatorSpec)} on the rewritten body.
   *
   * @param endpoint the endpoint
   * @param clientBody the body the client sent to the gateway
   * @param upstreamModel the deployment's upstream model, which the simulator sees
   * @param spec the simulator's spec
   * @return the exact usage
   * @throws InvalidRequestException when the simulator would answer 400
   */
  public static Usage expectedUsage(OpenAiEndpoint endpoint, byte[] clientBody, String upstreamModel,
      SimulatorSpec spec) throws InvalidRequestException {
    byte[] upstreamBody = OpenAiRequest.parse(endpoint, clientBody)
        .rewrite(Map.of("model", JsonMembers.quote(upstreamModel)));
    return expectedUsage(endpoint, upstreamBody, spec);
  }

  /**
   * The text the simulator answers to a chat or completions body: what a client accumulates from the stream.
   *
   * @param endpoint {@link OpenAiEndpoint#CHAT_COMPLETIONS} or {@link OpenAiEndpoint#COMPLETIONS}
   * @param requestBody the body as the simulator receives it
   * @param spec the simulator's spec
   * @return the exact text
   * @throws InvalidRequestException when the simulator would answer 400
   */
  public static String expectedText(OpenAiEndpoint endpoint, byte[] requestBody, SimulatorSpec spec)
      throws InvalidRequestException {
    return Reply.to(OpenAiRequest.parse(endpoint, requestBody), spec).text();
  }
}
