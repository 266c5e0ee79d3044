package dev.tollgate.bench.load;

import dev.tollgate.bench.stack.ProcessStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The load generator: one Vert.x event loop and one HTTP/1.1 client with keep-alive, on loopback only. Every
 * measurement runs on that event loop, so histograms need no locking. Each run is bounded by its duration plus a
 * grace period for the answers in flight.
 */
public final class LoadGenerator implements AutoCloseable {
  /** Latencies up to two minutes, three significant digits. */
  public static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);
  /** Connections per target: enough for every stream of the memory scenario on its own connection. */
  static final int MAX_CONNECTIONS = 12_000;
  private static final Duration GRACE = Duration.ofSeconds(30);

  /** Over how long the first streams of a stream round start. */
  static final Duration STREAM_START_SPREAD = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Context context;
  private final Requests requests;
  private HttpClientAgent client;

  public LoadGenerator(Requests requests) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    this.context = vertx.getOrCreateContext();
    this.requests = requests;
    this.client = newClient();
  }

  private HttpClientAgent newClient() {
    return vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
  }

  /** Drops every connection (streams in flight included) and starts over with a fresh client. */
  public void resetConnections() {
    HttpClientAgent old = client;
    client = newClient();
    old.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /**
   * Closed loop: {@code concurrency} workers, each sending its next request as soon as the last is answered, for
   * {@code duration}. Latency is measured from each actual send.
   */
  public RoundResult closedLoop(Target target, String model, int concurrency, Duration duration) {
    Buffer body = Requests.body(model, false);
    return measure(target, duration, done -> new ClosedLoop(target, body, concurrency, duration, done).start());
  }

  /**
   * Open loop: requests at a fixed {@code ratePerSecond} for {@code duration}, each latency measured from the moment
   * it was due to be sent, so a stall delays (and counts against) every request behind it: no coordinated omission.
   */
  public RoundResult openLoop(Target target, String model, int ratePerSecond, Duration duration) {
    Buffer body = Requests.body(model, false);
    return measure(target, duration, done -> new OpenLoop(target, body, ratePerSecond, duration, done).start());
  }

  /** Closed loop of streams: {@code concurrency} streams at a time for {@code duration}. */
  public StreamResult streams(Target target, String model, int concurrency, Duration duration, long tokenPeriodNanos) {
    Buffer body = Requests.body(model, true);
    long cpuBefore = ProcessStats.cpuNanos(target.pid());
    CompletableFuture<StreamResult> done = new CompletableFuture<>();
    context.runOnContext(v -> new StreamLoop(target, body, concurrency, duration, tokenPeriodNanos, done).start());
    StreamResult result = done.orTimeout(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS).join();
    return result.withCpu(ProcessStats.cpuNanos(target.pid()) - cpuBefore);
  }

  /** Opens {@code count} streams at {@code ratePerSecond} and keeps them open until {@link #resetConnections()}. */
  public OpenStreams openStreams(Target target, String model, int count, int ratePerSecond) {
    OpenStreams streams = new OpenStreams(count);
    Buffer body = Requests.body(model, true);
    context.runOnContext(v -> streams.open(vertx, client, requests.options(target), body, ratePerSecond));
    return streams;
  }

  private RoundResult measure(Target target, Duration duration, Consumer<CompletableFuture<RoundResult>> run) {
    long cpuBefore = ProcessStats.cpuNanos(target.pid());
    CompletableFuture<RoundResult> done = new CompletableFuture<>();
    context.runOnContext(v -> run.accept(done));
    RoundResult result = done.orTimeout(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS).join();
    long cpu = ProcessStats.cpuNanos(target.pid()) - cpuBefore;
    return new RoundResult(result.latency(), result.ok(), result.errors(), result.elapsedNanos(), cpu);
  }

  /** One request: completes with its status once the whole answer is read. */
  private Future<Integer> send(Target target, Buffer body) {
    return client.request(requests.options(target))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> response.statusCode()));
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  static Histogram histogram() {
    return new Histogram(HIGHEST_NANOS, 3);
  }

  private final class ClosedLoop {
    private final Target target;
    private final Buffer body;
    private final int concurrency;
    private final long endNanos;
    private final CompletableFuture<RoundResult> done;
    private final Histogram latency = histogram();
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long ok;
    private long errors;
    private int inFlight;

    ClosedLoop(Target target, Buffer body, int concurrency, Duration duration, CompletableFuture<RoundResult> done) {
      this.target = target;
      this.body = body;
      this.concurrency = concurrency;
      this.endNanos = startNanos + duration.toNanos();
      this.done = done;
    }

    void start() {
      // the first streams start spread over a second, not all at once: streams of one length started together
      // would stay in step, and every first token would then include the queue of a burst of request starts
      for (int i = 0; i < concurrency; i++) {
        long delayMs = STREAM_START_SPREAD.toMillis() * i / concurrency;
        if (delayMs == 0) {
          next();
        } else {
          vertx.setTimer(delayMs, id -> next());
        }
      }
    }

    private void next() {
      if (System.nanoTime() >= endNanos) {
        if (inFlight == 0 && !done.isDone()) {
          done.complete(new RoundResult(latency, ok, errors, lastNanos - startNanos, 0));
        }
        return;
      }
      inFlight++;
      long sent = System.nanoTime();
      send(target, body).onComplete(answer -> {
        inFlight--;
        lastNanos = System.nanoTime();
        if (answer.succeeded() && answer.result() == 200) {
          ok++;
          latency.recordValue(Math.min(lastNanos - sent, HIGHEST_NANOS));
        } else {
          errors++;
        }
        next();
      });
    }
  }

  private final class OpenLoop {
    private final Target target;
    private final Buffer body;
    private final long periodNanos;
    private final long startNanos = System.nanoTime();
    private final long endNanos;
    private final CompletableFuture<RoundResult> done;
    private final Histogram latency = histogram();
    private long nextDue = startNanos;
    private long lastNanos = startNanos;
    private long ok;
    private long errors;
    private int inFlight;
    private long timer;

    OpenLoop(Target target, Buffer body, int ratePerSecond, Duration duration, CompletableFuture<RoundResult> done) {
      this.target = target;
      this.body = body;
      this.periodNanos = 1_000_000_000L / ratePerSecond;
      this.endNanos = startNanos + duration.toNanos();
      this.done = done;
    }

    void start() {
      timer = vertx.setPeriodic(1, id -> tick());
      tick();
    }

    /** Sends every request that is due by now, each stamped with the time it was due. */
    private void tick() {
      long now = System.nanoTime();
      while (nextDue <= now && nextDue < endNanos) {
        long due = nextDue;
        nextDue += periodNanos;
        inFlight++;
        send(target, body).onComplete(answer -> {
          inFlight--;
          lastNanos = System.nanoTime();
          if (answer.succeeded() && answer.result() == 200) {
            ok++;
            latency.recordValue(Math.min(lastNanos - due, HIGHEST_NANOS));
          } else {
            errors++;
          }
          finishIfOver();
        });
      }
      if (nextDue >= endNanos) {
        vertx.cancelTimer(timer);
        finishIfOver();
      }
    }

    private void finishIfOver() {
      if (nextDue >= endNanos && inFlight == 0 && !done.isDone()) {
        done.complete(new RoundResult(latency, ok, errors, lastNanos - startNanos, 0));
      }
    }
  }

  private final class StreamLoop {
    private final Target target;
    private final Buffer body;
    private final int concurrency;
    private final long startNanos = System.nanoTime();
    private final long endNanos;
    private final CompletableFuture<StreamResult> done;
    private final StreamResult.Builder result;
    private int inFlight;

    StreamLoop(Target target, Buffer body, int concurrency, Duration duration, long tokenPeriodNanos,
        CompletableFuture<StreamResult> done) {
      this.target = target;
      this.body = body;
      this.concurrency = concurrency;
      this.endNanos = startNanos + duration.toNanos();
      this.done = done;
      this.result = new StreamResult.Builder(tokenPeriodNanos);
    }

    void start() {
      // the first streams start spread over a second, not all at once: streams of one length started together
      // would stay in step, and every first token would then include the queue of a burst of request starts
      for (int i = 0; i < concurrency; i++) {
        long delayMs = STREAM_START_SPREAD.toMillis() * i / concurrency;
        if (delayMs == 0) {
          next();
        } else {
          vertx.setTimer(delayMs, id -> next());
        }
      }
    }

    private void next() {
      if (System.nanoTime() >= endNanos) {
        if (inFlight == 0 && !done.isDone()) {
          done.complete(result.build(System.nanoTime() - startNanos));
        }
        return;
      }
      inFlight++;
      SseStream stream = new SseStream(System.nanoTime(), result);
      client.request(requests.options(target))
          .compose(request -> request.send(body))
          .onSuccess(response -> {
            if (response.statusCode() != 200) {
              response.body().onComplete(b -> over(stream, false));
              return;
            }
            response.handler(chunk -> stream.onBytes(chunk, System.nanoTime()));
            response.endHandler(v -> over(stream, true));
            response.exceptionHandler(e -> over(stream, false));
          })
          .onFailure(e -> over(stream, false));
    }

    private void over(SseStream stream, boolean completed) {
      if (stream.end()) {
        inFlight--;
        result.add(stream, completed);
        next();
      }
    }
  }
}
