package dev.tollgate.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many long streams held open at once, for the memory scenario: opened at a fixed rate, counted as established
 * once their first token has arrived, and left running until the generator drops its connections.
 */
public final class OpenStreams {
  private final int count;
  private final AtomicInteger established = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger tokens = new AtomicInteger();

  OpenStreams(int count) {
    this.count = count;
  }

  void open(Vertx vertx, HttpClientAgent client, RequestOptions options, Buffer body, int ratePerSecond) {
    long periodNanos = 1_000_000_000L / ratePerSecond;
    long start = System.nanoTime();
    int[] opened = {0};
    vertx.setPeriodic(1, timer -> {
      long due = (System.nanoTime() - start) / periodNanos + 1;
      while (opened[0] < count && opened[0] < due) {
        opened[0]++;
        openOne(client, options, body);
      }
      if (opened[0] >= count) {
        vertx.cancelTimer(timer);
      }
    });
  }

  private void openOne(HttpClientAgent client, RequestOptions options, Buffer body) {
    SseStream stream = new SseStream(System.nanoTime(), new SseStream.TokenSink() {
      @Override
      public void firstToken(long ttftNanos) {
        established.incrementAndGet();
        tokens.incrementAndGet();
      }

      @Override
      public void nextToken(long gapNanos, int index, long sinceFirstNanos) {
        tokens.incrementAndGet();
      }
    });
    client.request(options)
        .compose(request -> request.send(body))
        .onSuccess(response -> {
          if (response.statusCode() != 200) {
            failed.incrementAndGet();
            return;
          }
          response.handler(chunk -> stream.onBytes(chunk, System.nanoTime()));
          response.exceptionHandler(e -> {
            if (stream.end()) {
              failed.incrementAndGet();
            }
          });
        })
        .onFailure(e -> failed.incrementAndGet());
  }

  /** Streams whose first token has arrived. */
  public int established() {
    return established.get();
  }

  /** Streams refused or broken. */
  public int failed() {
    return failed.get();
  }

  /** Token events received over all streams so far. */
  public int tokens() {
    return tokens.get();
  }
}
