package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One streamed answer as the client sees it: server-sent events split on blank lines (an event cut across reads is
 * joined first), each token event timed on arrival. A token event is a chunk whose delta carries content and no role.
 */
final class SseStream {
  /** Token events: a delta that starts with content (the role chunk starts with the role). */
  private static final String TOKEN_MARK = "\"delta\":{\"content\":";

  private final long sentNanos;
  private final TokenSink sink;
  private final StringBuilder pending = new StringBuilder();
  private long firstTokenNanos = -1;
  private long lastTokenNanos;
  private int tokens;
  private boolean ended;

  SseStream(long sentNanos, TokenSink sink) {
    this.sentNanos = sentNanos;
    this.sink = sink;
  }

  /** What is told about each stream's tokens as they arrive. */
  interface TokenSink {
    /** The first token arrived {@code ttftNanos} after the request was sent. */
    void firstToken(long ttftNanos);

    /**
     * A later token: {@code gapNanos} after the one before, and {@code index} tokens after the first, which arrived
     * {@code sinceFirstNanos} ago.
     */
    void nextToken(long gapNanos, int index, long sinceFirstNanos);
  }

  void onBytes(Buffer bytes, long nowNanos) {
    pending.append(bytes.toString(StandardCharsets.UTF_8));
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      if (pending.lastIndexOf(TOKEN_MARK, end) >= 0) {
        onToken(nowNanos);
      }
      pending.delete(0, end + 2);
    }
  }

  private void onToken(long nowNanos) {
    if (firstTokenNanos < 0) {
      firstTokenNanos = nowNanos;
      sink.firstToken(nowNanos - sentNanos);
    } else {
      sink.nextToken(nowNanos - lastTokenNanos, tokens, nowNanos - firstTokenNanos);
    }
    lastTokenNanos = nowNanos;
    tokens++;
  }

  /** Whether the first token has arrived. */
  boolean started() {
    return firstTokenNanos >= 0;
  }

  int tokens() {
    return tokens;
  }

  /** Marks the stream over; true only the first time, so one stream is counted once. */
  boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }
}
