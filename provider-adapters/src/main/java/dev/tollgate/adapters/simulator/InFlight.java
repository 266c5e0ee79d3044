package dev.tollgate.adapters.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One request the simulator is answering: counted as active from arrival until it ends, is cut by the simulator,
 * or is abandoned by the client, which counts as cancelled. Event-loop confined.
 */
final class InFlight {
  private final Vertx vertx;
  private final HttpServerRequest request;
  private final Counters counters;
  private boolean finished;
  private long timer = -1;

  InFlight(Vertx vertx, HttpServerRequest request, Counters counters) {
    this.vertx = vertx;
    this.request = request;
    this.counters = counters;
    counters.active.incrementAndGet();
    request.response().closeHandler(v -> abandoned());
    request.response().exceptionHandler(e -> abandoned());
  }

  boolean finished() {
    return finished;
  }

  HttpServerResponse response() {
    return request.response();
  }

  /** Runs {@code action} after {@code delayMs} on the event loop, unless the request is over by then. */
  void after(long delayMs, Runnable action) {
    if (finished) {
      return;
    }
    if (delayMs <= 0) {
      action.run();
      return;
    }
    timer = vertx.setTimer(delayMs, id -> {
      timer = -1;
      if (!finished) {
        action.run();
      }
    });
  }

  void end(int status, String contentType, Buffer body) {
    if (finished) {
      return;
    }
    finish();
    request.response().setStatusCode(status).putHeader("content-type", contentType).end(body);
  }

  void end() {
    if (!finished) {
      finish();
      request.response().end();
    }
  }

  /** Drops the connection mid-answer, as an upstream that dies does. */
  void cut() {
    if (!finished) {
      finish();
      request.connection().close();
    }
  }

  private void abandoned() {
    if (!finished) {
      finish();
      counters.cancelled.incrementAndGet();
    }
  }

  private void finish() {
    finished = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    counters.active.decrementAndGet();
  }
}
