package dev.tollgate.adapters.simulator;

import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.http.HttpServerResponse;

/**
 * Streams a {@link Reply} the way OpenAI does: headers at once, the first chunk after {@code ttft_ms}, then one token
 * per chunk at {@code tokens_per_second} (0: as fast as the client reads), the finish chunk, the usage chunk only
 * when asked, {@code [DONE]}. Paced by Vert.x timers on a schedule fixed at the first token, so timer jitter does not
 * accumulate; never writes past a full write queue (it waits for the drain). With {@code cutAfter}, the connection
 * is dropped after that many token chunks: no finish, no usage, no {@code [DONE]}.
 */
final class StreamedReply {
  private final InFlight flight;
  private final Reply reply;
  private final Bodies.Head head;
  private final boolean includeUsage;
  private final SimulatorSpec spec;
  private final Integer cutAfter;
  private long firstTokenNanos;
  private int sent;

  StreamedReply(InFlight flight, Reply reply, Bodies.Head head, boolean includeUsage, SimulatorSpec spec,
      Integer cutAfter) {
    this.flight = flight;
    this.reply = reply;
    this.head = head;
    this.includeUsage = includeUsage;
    this.spec = spec;
    this.cutAfter = cutAfter;
  }

  void start() {
    flight.response()
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .writeHead();
    flight.after(spec.ttftMs(), this::firstChunk);
  }

  private void firstChunk() {
    firstTokenNanos = System.nanoTime();
    if (head.endpoint() == dev.tollgate.adapters.OpenAiEndpoint.CHAT_COMPLETIONS) {
      write(Bodies.chunk(head, Bodies.Piece.ROLE, null, null, includeUsage));
    }
    pump();
  }

  private void pump() {
    HttpServerResponse response = flight.response();
    while (!flight.finished()) {
      if (cutAfter != null && sent >= cutAfter) {
        flight.cut();
        return;
      }
      if (sent == reply.tokens().size()) {
        finishStream();
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(v -> pump());
        return;
      }
      long waitMs = millisUntilDue(sent);
      if (waitMs > 0) {
        flight.after(waitMs, this::pump);
        return;
      }
      write(Bodies.chunk(head, Bodies.Piece.TOKEN, reply.tokens().get(sent), null, includeUsage));
      sent++;
    }
  }

  /** Token {@code i} is due {@code i / tokens_per_second} after the first one. */
  private long millisUntilDue(int token) {
    if (spec.tokensPerSecond() == 0 || token == 0) {
      return 0;
    }
    long dueNanos = firstTokenNanos + token * 1_000_000_000L / spec.tokensPerSecond();
    long waitNanos = dueNanos - System.nanoTime();
    return waitNanos <= 0 ? 0 : (waitNanos + 999_999) / 1_000_000;
  }

  private void finishStream() {
    write(Bodies.chunk(head, Bodies.Piece.FINISH, null, reply.finishReason(), includeUsage));
    if (includeUsage) {
      write(Bodies.usageChunk(head, reply.usage()));
    }
    flight.response().write("data: [DONE]\n\n");
    flight.end();
  }

  private void write(io.vertx.core.buffer.Buffer json) {
    flight.response().write(Bodies.sse(json));
  }
}
