package dev.tollgate.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

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
            response.body().onComplete(answer -> fail("status " + response.statusCode() + ": "
                + (answer.succeeded() ? abbreviate(answer.result().toString()) : "")));
            return;
          }
          response.handler(chunk -> stream.onBytes(chunk, System.nanoTime()));
          response.exceptionHandler(e -> {
            if (stream.end()) {
              fail("broken after " + stream.tokens() + " tokens: " + e);
            }
          });
        })
        .onFailure(e -> fail(e.toString()));
  }

  private void fail(String reason) {
    failed.incrementAndGet();
    failures.merge(reason.replaceAll("[0-9]+", "N"), 1, Integer::sum);
  }

  private static String abbreviate(String text) {
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }

  /** Why streams failed (numbers masked), and how often. */
  public Map<String, Integer> failures() {
    return Map.copyOf(failures);
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
