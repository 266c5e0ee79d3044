package dev.tollgate.adapters.simulator;

import static dev.tollgate.adapters.simulator.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.Adapters;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.ProviderApi;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.Usage;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorFailure.FailureKind;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OpenAI-compatible translator against the simulator over loopback: what the edge will do, minus the edge. */
@Timeout(60)
class SimulatorRoundTripTest {
  private static final Deployment DEPLOYMENT =
      new Deployment("sim-a", "simulator", "sim-small", 1, 0, List.of(), Set.of(), null, null);
  private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
      + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"Name a colour.\"}],\"stream\":true,\"temperature\":0.2}";

  private static Vertx vertx;
  private static HttpClient client;
  private SimulatorServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stopVertx() {
    await(client.close());
    await(vertx.close());
  }

  @AfterEach
  void stopServer() {
    await(server.close());
  }

  @Test
  void streamedUsageIsTheSimulatorsExactCountAndStaysHidden() throws Exception {
    SimulatorSpec spec = new SimulatorSpec(0, 0, 6, null);
    server = await(SimulatorServer.start(vertx, spec, 0));

    Streamed streamed = stream(BODY);

    Usage expected = SimulatorServer.expectedUsage(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(BODY), "sim-small", spec);
    assertEquals(expected, streamed.end().usage());
    assertTrue(streamed.end().completed());
    assertFalse(streamed.client().contains("\"usage\""), "the client did not ask for usage");
    assertTrue(streamed.client().contains("\"model\":\"gpt-4o-mini\""));
    assertTrue(streamed.client().endsWith("data: [DONE]\n\n"));
  }

  @Test
  void aCutStreamIsEstimatedWithTheSimulatorsOwnCounts() throws Exception {
    SimulatorSpec spec = new SimulatorSpec(0, 0, 6, new SimulatorFailure(FailureKind.CUT_STREAM, null, null, 3, null));
    server = await(SimulatorServer.start(vertx, spec, 0));

    Streamed streamed = stream(BODY);

    Usage exact = SimulatorServer.expectedUsage(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(BODY), "sim-small", spec);
    assertEquals(Usage.estimated(exact.promptTokens(), 3), streamed.end().usage());
    assertFalse(streamed.end().completed());
    assertTrue(streamed.client().endsWith("\"code\":\"upstream_stream_cut\"}}\n\n"));
  }

  @Test
  void aCompleteAnswerComesBackUnderTheAlias() throws Exception {
    SimulatorSpec spec = new SimulatorSpec(0, 0, 4, null);
    server = await(SimulatorServer.start(vertx, spec, 0));
    String body = BODY.replace("\"stream\":true,", "");
    Translator translator = Adapters.chat(ProviderApi.SIMULATOR);
    UpstreamRequest upstream = translate(translator, body);

    Promise<TranslatedResponse> translated = Promise.promise();
    send(upstream, response -> response.body()
        .onSuccess(answer -> translated.tryComplete(
            translator.translateResponse(response.statusCode(), response.headers()::get, answer.getBytes())))
        .onFailure(translated::tryFail))
        .onFailure(translated::tryFail);

    TranslatedResponse.Success success =
        assertInstanceOf(TranslatedResponse.Success.class, await(translated.future()));
    assertEquals(SimulatorServer.expectedUsage(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(body), "sim-small", spec),
        success.usage());
    assertTrue(new String(success.body(), StandardCharsets.UTF_8).contains("\"model\":\"gpt-4o-mini\""));
    assertEquals("cl100k_base", TokenEstimator.forModel("sim-small").encodingName());
  }

  private record Streamed(String client, StreamEnd end) {}

  private Streamed stream(String body) throws Exception {
    Translator translator = Adapters.chat(ProviderApi.SIMULATOR);
    UpstreamRequest upstream = translate(translator, body);
    StreamTranslator stream = translator.streamTranslator();
    ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    Promise<StreamEnd> ended = Promise.promise();
    send(upstream, response -> {
      response.handler(buffer -> toClient.writeBytes(stream.translate(buffer.getBytes())));
      response.endHandler(v -> ended.tryComplete(stream.finish()));
      response.exceptionHandler(e -> ended.tryComplete(stream.finish()));
    }).onFailure(ended::tryFail);
    StreamEnd end = await(ended.future());
    toClient.writeBytes(end.bytes());
    return new Streamed(toClient.toString(StandardCharsets.UTF_8), end);
  }

  private UpstreamRequest translate(Translator translator, String body) throws Exception {
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(body));
    return translator.translateRequest(request, server.upstreamSpec(), DEPLOYMENT, Secrets.none());
  }

  /** Sends a request; {@code onResponse} runs on the event loop as the response arrives, before its body. */
  private static Future<HttpClientResponse> send(UpstreamRequest upstream, Consumer<HttpClientResponse> onResponse) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(upstream.method()))
        .setAbsoluteURI(upstream.url());
    upstream.headers().forEach(options::putHeader);
    return client.request(options)
        .compose(request -> request.send(Buffer.buffer(upstream.body())).onSuccess(onResponse::accept));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
