package dev.tollgate.bench.scenario;

import dev.tollgate.bench.kafka.TopicWatch;
import dev.tollgate.bench.report.Row;
import dev.tollgate.bench.stack.BenchConfig;
import dev.tollgate.bench.stack.ChildProcess;
import dev.tollgate.bench.stack.Stack;
import dev.tollgate.schemas.usage.PricedUsage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Scenario 5: the budget loop, from a usage event leaving an edge to every edge refusing the budget it exhausted.
 * It runs metering and the budget service ({@code tollgate run metering|budget}) beside the two edges. Each round
 * applies a fresh hard budget on the loop tenant worth exactly one request ({@link BenchConfig#LOOP_REQUEST_NANO_USD}),
 * waits until both edges hold its first decision, sends that one request to the first edge, then asks both edges
 * every {@value #PROBE_MICROS} µs what is left ({@code GET /v1/models} carries {@code x-budget-remaining} and spends
 * nothing) until each would refuse the next request. Then a real request to each edge must get {@code 429
 * insufficient_quota}.
 *
 * <p>The first edge refuses at once (it counts its own reservation); the second only when the block decision
 * reaches it: edge → {@code tollgate.usage} → metering → {@code tollgate.usage.priced} → budget service →
 * {@code tollgate.budget.decisions} → its decision board. Times are measured from the usage event's
 * {@code finished_at} (the edge's clock, the same machine's). The breakdown: the ledger line's {@code priced_at},
 * when a {@code read_committed} reader of the benchmark saw it (its transaction committed), the block decision's
 * {@code decided_at}, when the benchmark's reader saw it, and when the other edge refused.
 */
public final class LoopScenario implements Scenario {
  static final String NAME = "loop";
  private static final long PROBE_MICROS = 500;
  private static final Duration ROUND_DEADLINE = Duration.ofSeconds(60);
  private static final String BODY = "{\"model\":\"" + BenchConfig.LOOP_MODEL + "\",\"max_tokens\":"
      + BenchConfig.LOOP_COMPLETION_TOKENS + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
  private static final BigDecimal REQUEST_USD = BigDecimal.valueOf(BenchConfig.LOOP_REQUEST_NANO_USD, 9);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    List<Row> rows = new ArrayList<>();
    List<Integer> passes = bench.servicePasses();
    for (int i = 0; i < passes.size(); i++) {
      rows.addAll(pass(bench, passes.get(i), i));
    }
    return rows;
  }

  private List<Row> pass(Bench bench, Integer commitMs, int pass) throws Exception {
    Stack stack = bench.stack();
    Map<String, String> meteringEnv = new HashMap<>();
    meteringEnv.put("TOLLGATE_METERING_APPLICATION_ID", MeteringScenario.LOOP_APPLICATION_ID);
    Map<String, String> budgetEnv = new HashMap<>();
    budgetEnv.put("TOLLGATE_BUDGET_APPLICATION_ID", "bench-budget");
    if (commitMs != null) {
      meteringEnv.put("TOLLGATE_METERING_COMMIT_INTERVAL_MS", commitMs.toString());
      budgetEnv.put("TOLLGATE_BUDGET_COMMIT_INTERVAL_MS", commitMs.toString());
    }
    String label = commitMs == null ? "" : "commit " + commitMs + " ms: ";
    List<Stack.Edge> edges = List.of(stack.edge(), stack.edgeWithoutUsage());
    CompletableFuture<ChildProcess> budgetStart =
        CompletableFuture.supplyAsync(() -> start(stack, "budget", "budget", budgetEnv));
    try (ChildProcess metering = stack.startService("metering", MeteringScenario.LOOP_APPLICATION_ID, meteringEnv);
        ChildProcess budget = budgetStart.join();
        TopicWatch watch = new TopicWatch(stack.bootstrap(), BenchConfig.LOOP_TENANT)) {
      bench.raw().printf("loop %smetering pid %d, budget pid %d%n", label, metering.pid(), budget.pid());
      List<Round> rounds = new ArrayList<>();
      int failed = 0;
      int confirmed = 0;
      int total = bench.plan().loopRounds() + 1;
      for (int r = 0; r < total; r++) {
        String budgetId = "loop-" + pass + "-" + r;
        try {
          Round round = round(stack, edges, budgetId);
          confirmed += confirmRefusals(stack, edges) ? 1 : 0;
          if (r > 0) {
            // the first round warms the HTTP clients, the simulator and the Streams tasks
            rounds.add(round);
          }
        } catch (IllegalStateException e) {
          failed++;
          bench.raw().println("loop round " + budgetId + " failed: " + e.getMessage());
        }
      }
      return report(bench, label, rounds, watch, failed, confirmed);
    }
  }

  private static ChildProcess start(Stack stack, String service, String name, Map<String, String> env) {
    try {
      return stack.startService(service, name, env);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  /** One fresh budget exhausted by one request on the first edge, and when each edge began refusing it. */
  private Round round(Stack stack, List<Stack.Edge> edges, String budgetId) throws Exception {
    stack.applyLoopBudget(new BenchConfig.LoopBudget(budgetId, BenchConfig.LOOP_REQUEST_NANO_USD));
    long deadline = System.nanoTime() + ROUND_DEADLINE.toNanos();
    for (Stack.Edge edge : edges) {
      // a decision held (x-budget-reset is absent until then) for this budget, with nothing spent yet
      while (!standing(stack, edge).map(s -> s.decided() && s.remaining().compareTo(REQUEST_USD) == 0)
          .orElse(false)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("edge " + edge.port() + " never held the first decision of " + budgetId);
        }
        LockSupport.parkNanos(PROBE_MICROS * 1_000);
      }
    }
    Instant sent = Instant.now();
    HttpResponse<Void> answer = http.send(chat(stack, edges.get(0)), HttpResponse.BodyHandlers.discarding());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("the round's request was answered " + answer.statusCode());
    }
    String requestId = answer.headers().firstValue("x-request-id").orElseThrow();
    Instant[] refusing = new Instant[edges.size()];
    int left = edges.size();
    while (left > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("an edge never refused budget " + budgetId);
      }
      for (int e = 0; e < edges.size(); e++) {
        if (refusing[e] == null && standing(stack, edges.get(e))
            .map(s -> s.remaining().compareTo(REQUEST_USD) < 0).orElse(false)) {
          refusing[e] = Instant.now();
          left--;
        }
      }
      LockSupport.parkNanos(PROBE_MICROS * 1_000);
    }
    return new Round(budgetId, requestId, sent, refusing);
  }

  /** A real request to every edge: each must answer 429 insufficient_quota (a refused request costs nothing). */
  private boolean confirmRefusals(Stack stack, List<Stack.Edge> edges) throws Exception {
    boolean all = true;
    for (Stack.Edge edge : edges) {
      HttpResponse<String> answer = http.send(chat(stack, edge), HttpResponse.BodyHandlers.ofString());
      all &= answer.statusCode() == 429 && answer.body().contains("\"insufficient_quota\"");
    }
    return all;
  }

  private HttpRequest chat(Stack stack, Stack.Edge edge) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + stack.loopKey()).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
  }

  /** What the edge says is left of the loop budget, from the headers of {@code GET /v1/models}. */
  private Optional<Standing> standing(Stack stack, Stack.Edge edge) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/v1/models"))
        .header("authorization", "Bearer " + stack.loopKey()).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
    return answer.headers().firstValue("x-budget-remaining").map(remaining -> new Standing(
        new BigDecimal(remaining), answer.headers().firstValue("x-budget-reset").isPresent()));
  }

  private List<Row> report(Bench bench, String label, List<Round> rounds, TopicWatch watch, int failed,
      int confirmed) throws InterruptedException {
    long deadline = System.nanoTime() + ROUND_DEADLINE.toNanos();
    while (!rounds.stream().allMatch(r -> watch.line(r.requestId()).isPresent()
        && watch.blockedAt(r.budgetId()).isPresent()) && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling maps the watch thread fills
    }
    List<Long> everyEdge = new ArrayList<>();
    List<Long> fromSend = new ArrayList<>();
    List<Long> emitting = new ArrayList<>();
    List<Long> other = new ArrayList<>();
    List<Long> priced = new ArrayList<>();
    List<Long> pricedSeen = new ArrayList<>();
    List<Long> decided = new ArrayList<>();
    List<Long> decidedSeen = new ArrayList<>();
    int incomplete = 0;
    for (Round round : rounds) {
      Optional<PricedUsage> line = watch.line(round.requestId());
      Optional<Instant> blocked = watch.blockedAt(round.budgetId());
      if (line.isEmpty() || blocked.isEmpty()) {
        incomplete++;
        continue;
      }
      Instant left = line.get().usage().finishedAt();
      Instant last = round.refusing()[0].isAfter(round.refusing()[1]) ? round.refusing()[0] : round.refusing()[1];
      everyEdge.add(micros(left, last));
      fromSend.add(micros(round.sent(), last));
      emitting.add(micros(left, round.refusing()[0]));
      other.add(micros(left, round.refusing()[1]));
      priced.add(micros(left, line.get().pricedAt()));
      decided.add(micros(left, blocked.get()));
      pricedSeen.add(micros(left, watch.lineSeen(round.requestId()).orElseThrow()));
      decidedSeen.add(micros(left, watch.blockSeen(round.budgetId()).orElseThrow()));
    }
    bench.raw().printf(Locale.ROOT, "loop %s%d rounds measured (%d failed, %d without ledger line or decision),"
            + " refusals confirmed by a 429 insufficient_quota on both edges after %d of %d rounds;"
            + " from the usage event's finished_at (ms):%n", label, everyEdge.size(), failed, incomplete,
        confirmed, bench.plan().loopRounds() + 1);
    print(bench, "every edge refusing", everyEdge);
    print(bench, "  (from the client's send)", fromSend);
    print(bench, "  emitting edge refusing", emitting);
    print(bench, "  ledger line priced_at", priced);
    print(bench, "  ledger line committed", pricedSeen);
    print(bench, "  block decision decided_at", decided);
    print(bench, "  block decision committed", decidedSeen);
    print(bench, "  other edge refusing", other);
    List<Row> rows = new ArrayList<>();
    rows.add(Row.edgeOnly(NAME, label + "usage → every edge refusing p50 ms", at(everyEdge, 0.50), null));
    rows.add(Row.edgeOnly(NAME, label + "usage → every edge refusing p99 ms", at(everyEdge, 0.99), "p99 ≤ 300 ms"));
    rows.add(Row.edgeOnly(NAME, label + "usage → ledger line priced_at p50 ms", at(priced, 0.50), null));
    rows.add(Row.edgeOnly(NAME, label + "usage → ledger line committed p50 ms", at(pricedSeen, 0.50), null));
    rows.add(Row.edgeOnly(NAME, label + "usage → block decided_at p50 ms", at(decided, 0.50), null));
    rows.add(Row.edgeOnly(NAME, label + "usage → block decision committed p50 ms", at(decidedSeen, 0.50), null));
    rows.add(Row.edgeOnly(NAME, label + "rounds measured", everyEdge.size(), "≥ 30"));
    rows.add(Row.edgeOnly(NAME, label + "rounds failed or unconfirmed",
        failed + incomplete + (bench.plan().loopRounds() + 1 - failed - confirmed), "0"));
    return rows;
  }

  private static void print(Bench bench, String what, List<Long> micros) {
    if (micros.isEmpty()) {
      bench.raw().printf("  %-28s no figures%n", what);
      return;
    }
    bench.raw().printf(Locale.ROOT, "  %-28s p50 %7.1f  p90 %7.1f  p99 %7.1f  min %7.1f  max %7.1f%n", what,
        at(micros, 0.50), at(micros, 0.90), at(micros, 0.99), at(micros, 0), at(micros, 1));
  }

  /** The {@code q} quantile (nearest rank) in milliseconds; NaN without figures. */
  private static double at(List<Long> micros, double q) {
    if (micros.isEmpty()) {
      return Double.NaN;
    }
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    Function<Double, Integer> rank = p -> (int) Math.max(0, Math.min(sorted.length - 1,
        Math.ceil(p * sorted.length) - 1));
    return sorted[rank.apply(q)] / 1_000.0;
  }

  /** Microseconds from {@code from} to {@code to}, never negative: an edge may refuse before the event leaves. */
  private static long micros(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toNanos() / 1_000);
  }

  /** What an edge says is left, and whether it holds a decision for the budget's window. */
  private record Standing(BigDecimal remaining, boolean decided) {}

  /**
   * One round.
   *
   * @param sent when the client sent the request that exhausted the budget
   * @param refusing when each edge first said it would refuse, in the order of the edges
   */
  private record Round(String budgetId, String requestId, Instant sent, Instant[] refusing) {}
}
