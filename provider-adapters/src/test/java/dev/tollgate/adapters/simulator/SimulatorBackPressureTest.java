package dev.tollgate.adapters.simulator;

import static dev.tollgate.adapters.simulator.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.adapters.sse.SseParser;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimulatorBackPressureTest {
  private static final int TOKENS = 20_000;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void waitsForAClientThatDoesNotReadInsteadOfBufferingTheAnswer() {
    SimulatorServer server = await(SimulatorServer.start(vertx, new SimulatorSpec(0, 0, TOKENS, null), 0));
    AtomicLong events = new AtomicLong();
    SseParser parser = new SseParser(event -> events.incrementAndGet());
    AtomicReference<HttpClientResponse> response = new AtomicReference<>();
    AtomicReference<Context> context = new AtomicReference<>();
    Promise<Void> ended = Promise.promise();

    HttpClient client = vertx.createHttpClient();
    client.request(HttpMethod.POST, server.port(), "127.0.0.1", "/v1/chat/completions")
        .compose(request -> request.putHeader("content-type", "application/json")
            .send("{\"model\":\"sim\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}],\"stream\":true}")
            .onSuccess(r -> {
              r.pause(); // a client that stops reading
              r.handler(buffer -> parser.feed(buffer.getBytes()));
              r.endHandler(v -> ended.tryComplete());
              r.exceptionHandler(ended::tryFail);
              context.set(Vertx.currentContext());
              response.set(r);
            }))
        .onFailure(ended::tryFail);
    Eventually.until("the client has paused", () -> response.get() != null);
    Eventually.until("the simulator waits for the client to drain", () -> server.drainWaits() > 0);
    assertEquals(1, server.activeRequests(), "still answering, not done into a buffer");

    context.get().runOnContext(v -> response.get().resume());
    await(ended.future());

    assertEquals(1 + TOKENS + 1 + 1, events.get(), "role, every token, finish, [DONE]");
    assertEquals(0, server.activeRequests());
  }
}
