package dev.tollgate.adapters.simulator;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorFailure.FailureKind;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/** Routes the simulator's endpoints and decides, per request, between an answer and the configured failure. */
final class SimulatorHandler implements Handler<HttpServerRequest> {
  static final String MODELS_PATH = "/v1/models";
  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final SimulatorSpec spec;
  private final Counters counters;

  SimulatorHandler(Vertx vertx, SimulatorSpec spec, Counters counters) {
    this.vertx = vertx;
    this.spec = spec;
    this.counters = counters;
  }

  @Override
  public void handle(HttpServerRequest request) {
    counters.received.incrementAndGet();
    InFlight flight = new InFlight(vertx, request, counters);
    String path = request.path();
    if (request.method() == HttpMethod.GET && path.equals(MODELS_PATH)) {
      flight.end(200, JSON, Bodies.models("simulator"));
    } else if (request.method() == HttpMethod.GET && path.startsWith(MODELS_PATH + "/")) {
      flight.end(200, JSON, Bodies.model(path.substring(MODELS_PATH.length() + 1)));
    } else if (request.method() == HttpMethod.POST && endpoint(path) != null) {
      request.body().onSuccess(body -> serve(flight, endpoint(path), body));
    } else {
      flight.end(404, JSON, Bodies.error("Unknown request URL: " + request.method() + " " + path + ".",
          "invalid_request_error", null, "unknown_url"));
    }
  }

  private void serve(InFlight flight, OpenAiEndpoint endpoint, Buffer body) {
    OpenAiRequest request;
    try {
      request = OpenAiRequest.parse(endpoint, body.getBytes());
    } catch (InvalidRequestException e) {
      flight.end(400, JSON, Bodies.error(e.getMessage(), "invalid_request_error", e.invalidRequest().param(), null));
      return;
    }
    long number = counters.served.incrementAndGet();
    FailureKind failure = failureFor(number);
    switch (failure) {
      case ERROR -> flight.end(status(), JSON, SimulatedErrors.body(status(), request.model()));
      case RATE_LIMIT -> rateLimited(flight);
      case HANG -> { } // accepted, never answered: only the client can end it
      case CUT_STREAM, NONE -> answer(flight, request, number, failure == FailureKind.CUT_STREAM);
    }
  }

  private void answer(InFlight flight, OpenAiRequest request, long number, boolean cut) {
    Bodies.Head head = new Bodies.Head(request.endpoint(), idPrefix(request.endpoint()) + number,
        System.currentTimeMillis() / 1000, request.model());
    if (request.endpoint() == OpenAiEndpoint.EMBEDDINGS) {
      flight.after(spec.ttftMs(), () -> cutOr(flight, cut, () -> embeddings(flight, request)));
      return;
    }
    Reply reply = Reply.to(request, spec);
    if (request.stream()) {
      new StreamedReply(flight, reply, head, request.includeUsage(), spec, cut ? afterChunks() : null).start();
      return;
    }
    flight.after(spec.ttftMs() + generationMillis(reply), () -> cutOr(flight, cut,
        () -> flight.end(200, JSON, Bodies.completion(head, reply.text(), reply.finishReason(), reply.usage()))));
  }

  private static void cutOr(InFlight flight, boolean cut, Runnable answer) {
    if (cut) {
      flight.cut();
    } else {
      answer.run();
    }
  }

  private static void embeddings(InFlight flight, OpenAiRequest request) {
    try {
      flight.end(200, JSON, Embeddings.body(request));
    } catch (IOException e) {
      flight.end(400, JSON, Bodies.error("Invalid 'input'.", "invalid_request_error", "input", null));
    }
  }

  private void rateLimited(InFlight flight) {
    int seconds = spec.failure().retryAfterSeconds() == null ? 1 : spec.failure().retryAfterSeconds();
    flight.response()
        .putHeader("retry-after", Integer.toString(seconds))
        .putHeader("retry-after-ms", Long.toString(seconds * 1000L))
        .putHeader("x-ratelimit-remaining-requests", "0");
    flight.end(429, JSON, SimulatedErrors.rateLimited());
  }

  private FailureKind failureFor(long number) {
    SimulatorFailure failure = spec.failure();
    boolean due = failure.everyNth() == null || number % failure.everyNth() == 0;
    return due ? failure.kind() : FailureKind.NONE;
  }

  private int status() {
    Integer status = spec.failure().status();
    return status == null ? 500 : status;
  }

  private int afterChunks() {
    Integer after = spec.failure().afterChunks();
    return after == null ? 1 : after;
  }

  private long generationMillis(Reply reply) {
    return spec.tokensPerSecond() == 0 ? 0 : reply.tokens().size() * 1000L / spec.tokensPerSecond();
  }

  private static OpenAiEndpoint endpoint(String path) {
    for (OpenAiEndpoint endpoint : OpenAiEndpoint.values()) {
      if (path.equals("/v1" + endpoint.path())) {
        return endpoint;
      }
    }
    return null;
  }

  private static String idPrefix(OpenAiEndpoint endpoint) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> "chatcmpl-sim-";
      case COMPLETIONS -> "cmpl-sim-";
      case EMBEDDINGS -> "emb-sim-";
    };
  }
}
