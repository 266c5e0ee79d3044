package dev.tollgate.adapters.simulator;

import dev.tollgate.adapters.sse.SseEvent;
import dev.tollgate.adapters.sse.SseParser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A real Vert.x HTTP client on 127.0.0.1 that records what arrives, and when. */
final class Loopback {
  private final HttpClient client;

  Loopback(Vertx vertx) {
    this.client = vertx.createHttpClient();
  }

  /** A buffer as the client received it. */
  record Arrival(long nanos, Buffer buffer) {}

  /** A whole response, or as much as arrived before the connection failed. */
  record Received(int status, MultiMap headers, List<Arrival> arrivals, Throwable failure) {
    Buffer body() {
      Buffer body = Buffer.buffer();
      arrivals.forEach(a -> body.appendBuffer(a.buffer()));
      return body;
    }

    List<SseEvent> events() {
      List<SseEvent> events = new ArrayList<>();
      new SseParser(events::add).feed(body().getBytes());
      return events;
    }
  }

  Received post(int port, String path, String body) {
    return send(HttpMethod.POST, port, path, Map.of("content-type", "application/json"), body, arrival -> { });
  }

  Received get(int port, String path) {
    return send(HttpMethod.GET, port, path, Map.of(), "", arrival -> { });
  }

  /** Sends a request; {@code onArrival} runs on the event loop for each buffer, before it is recorded. */
  Received send(HttpMethod method, int port, String path, Map<String, String> headers, String body,
      Consumer<HttpClientRequest> onArrival) {
    Promise<Received> done = Promise.promise();
    List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
    client.request(method, port, "127.0.0.1", path)
        .compose(request -> {
          headers.forEach(request::putHeader);
          return request.send(body).onSuccess(response -> {
            response.handler(buffer -> {
              arrivals.add(new Arrival(System.nanoTime(), buffer));
              onArrival.accept(request);
            });
            response.endHandler(v -> done.tryComplete(
                new Received(response.statusCode(), response.headers(), List.copyOf(arrivals), null)));
            response.exceptionHandler(e -> done.tryComplete(
                new Received(response.statusCode(), response.headers(), List.copyOf(arrivals), e)));
          });
        })
        .onFailure(done::tryFail);
    return await(done.future());
  }

  /** Sends a request and returns as soon as it is on its way, for requests that will never be answered. */
  HttpClientRequest open(int port, String path, String body) {
    return await(client.request(HttpMethod.POST, port, "127.0.0.1", path).compose(request -> {
      request.putHeader("content-type", "application/json").end(body);
      return Future.succeededFuture(request);
    }));
  }

  void close() {
    await(client.close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(Duration.ofSeconds(20));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }
}
