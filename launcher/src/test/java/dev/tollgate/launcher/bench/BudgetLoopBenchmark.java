package dev.tollgate.launcher.bench;

import dev.tollgate.budget.BudgetService;
import dev.tollgate.budget.BudgetSettings;
import dev.tollgate.budget.webhook.WebhookSettings;
import dev.tollgate.edge.budget.BudgetHeaders;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.ConfigPublisher;
import dev.tollgate.launcher.service.EdgeService;
import dev.tollgate.metering.MeteringConfig;
import dev.tollgate.metering.MeteringService;
import dev.tollgate.metering.MeteringSettings;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import dev.tollgate.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A benchmark, not a test: how long the budget loop takes to close, from a usage event leaving an edge to every
 * edge refusing the budget it exhausted. In one JVM it runs a broker (unless {@code TOLLGATE_KAFKA_BOOTSTRAP} names
 * one), metering, the budget service and two edges. Each round applies a fresh hard budget worth exactly one
 * request (the prompt is free and {@code max_tokens} is the simulator's 12 completion tokens: 7,200 nano-USD), waits
 * until both edges hold its first decision, sends that one request to the first edge, then polls both edges' budget
 * gates (what the gate would answer, without spending) until each refuses. The usage event's {@code finished_at}
 * (when it left the edge) and the ledger line's {@code priced_at} are read back from the ledger afterwards.
 *
 * <p>The first edge refuses at once (it counts its own reservation); the second only when the budget service's
 * block decision reaches it, so "every edge refusing" is the whole loop: edge → {@code tollgate.usage} → metering →
 * {@code tollgate.usage.priced} → budget service → {@code tollgate.budget.decisions} → the other edge's board.
 *
 * <pre>
 * mvn -o -q -pl launcher -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp launcher/target/test-classes:launcher/target/classes:$(cat \
 *     launcher/target/test-classpath.txt) dev.tollgate.launcher.bench.BudgetLoopBenchmark 30
 * </pre>
 */
public final class BudgetLoopBenchmark {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /** 12 completion tokens at 0.60 USD per million: the cost, and the reservation, of every request. */
  private static final long COST = 7_200;
  private static final String CONFIG = """
      version: 1
      providers:
        - id: sim
          api: simulator
          ttft_ms: 0
          tokens_per_second: 0
          response_tokens: 12
      models:
        - id: gpt-4o-mini
          deployments:
            - id: sim-mini
              provider: sim
              upstream_model: sim-small
              capabilities: [chat]
              price: {input_per_mtok_usd: 0, output_per_mtok_usd: 0.60}
      tenants:
        - id: TENANT_ID
          name: Budget loop benchmark
      keys:
        - id: bench
          tenant: TENANT_ID
          secret_hash: KEY_HASH
      budgets:
        - id: BUDGET_ID
          scope: {tenant: TENANT_ID}
          amount_usd: 0.0000072
          window: monthly
          mode: hard
      """;
  private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":12,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say something about toll gates.\"}]}";

  private final String bootstrap;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String tenant = "bench-" + run;
  private final VirtualKey key = VirtualKey.generate("bench");
  private final HttpClient http = HttpClient.newHttpClient();

  private BudgetLoopBenchmark(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String existing = System.getenv("TOLLGATE_KAFKA_BOOTSTRAP");
    DedicatedBroker broker = existing == null ? DedicatedBroker.start() : null;
    try {
      new BudgetLoopBenchmark(existing != null ? existing : broker.bootstrapServers()).run(rounds);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    // the in-process broker and the services leave non-daemon threads behind
    System.exit(0);
  }

  private void run(int rounds) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
    Path dataDir = Files.createTempDirectory("tollgate-budget-loop-bench-");
    apply("bench-" + run + "-0");
    try (EdgeService first = edge("bench-edge-1", dataDir);
        EdgeService second = edge("bench-edge-2", dataDir);
        MeteringService metering = MeteringService.start(new MeteringConfig(bootstrap, dataDir.resolve("metering"),
            MeteringSettings.defaults().withApplicationId("bench-metering-" + run), Optional.empty()));
        BudgetService budget = BudgetService.start(bootstrap,
            BudgetSettings.defaults().withApplicationId("bench-budget-" + run),
            WebhookSettings.defaults().withGroupId("bench-hooks-" + run), dataDir.resolve("budget"))) {
      metering.awaitRunning(DEADLINE);
      budget.awaitRunning(DEADLINE);
      List<EdgeService> edges = List.of(first, second);
      // one unmeasured round warms the HTTP clients, the simulator and the Streams tasks
      List<Round> measured = new ArrayList<>();
      for (int i = 0; i <= rounds; i++) {
        Round round = round("bench-" + run + "-" + (i + 1), edges);
        if (i > 0) {
          measured.add(round);
        }
      }
      report(measured);
    }
  }

  /** One fresh budget exhausted by one request on the first edge, and when each edge began refusing it. */
  private Round round(String budgetId, List<EdgeService> edges) throws Exception {
    apply(budgetId);
    for (EdgeService edge : edges) {
      Await.until(DEADLINE, () -> edge.config().budget(budgetId).isPresent()
          && edge.budgets().decisions().decision(budgetId).isPresent(), "the edges to hold the new budget");
    }
    String requestId = budgetId + "-req";
    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
            URI.create(edges.get(0).url().orElseThrow() + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + key.reveal()).header("content-type", "application/json")
        .header("x-request-id", requestId)
        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the round's request was answered " + response.statusCode());
    }
    Instant[] refusing = new Instant[edges.size()];
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (Arrays.asList(refusing).contains(null)) {
      if (System.nanoTime() - end >= 0) {
        throw new IllegalStateException("an edge never refused budget " + budgetId);
      }
      for (int e = 0; e < edges.size(); e++) {
        if (refusing[e] == null && refuses(edges.get(e))) {
          refusing[e] = Instant.now();
        }
      }
      LockSupport.parkNanos(200_000);
    }
    Instant decidedAt = edges.get(1).budgets().decisions().decision(budgetId).orElseThrow().decidedAt();
    return new Round(response.headers().firstValue("x-request-id").orElse(requestId), refusing, decidedAt);
  }

  /** What this edge's gate would answer a request of {@link #COST} now: refused when less than that is left. */
  private boolean refuses(EdgeService edge) {
    BudgetHeaders headers = edge.budgets().headers(edge.config(), tenant, "bench", "gpt-4o-mini");
    return headers != BudgetHeaders.NONE && headers.remainingNanoUsd() < COST;
  }

  private void report(List<Round> rounds) {
    Map<String, PricedUsage> ledger = new HashMap<>();
    TopicReader.of(Topics.USAGE_PRICED.name(), Topics.USAGE_PRICED.keySerde().deserializer(),
            Topics.USAGE_PRICED.valueSerde().deserializer()).withBootstrapServers(bootstrap)
        .readUntil(read -> {
          read.stream().map(ConsumerRecord::value).filter(line -> tenant.equals(line.usage().tenant()))
              .forEach(line -> ledger.put(line.usage().requestId(), line));
          return rounds.stream().allMatch(r -> ledger.containsKey(r.requestId()));
        }, DEADLINE);
    List<Long> everyEdge = new ArrayList<>();
    List<Long> toPriced = new ArrayList<>();
    List<Long> toDecided = new ArrayList<>();
    List<Long> toFirstEdge = new ArrayList<>();
    for (Round round : rounds) {
      PricedUsage line = ledger.get(round.requestId());
      Instant left = line.usage().finishedAt();
      Instant last = Arrays.stream(round.refusing()).max(Instant::compareTo).orElseThrow();
      everyEdge.add(micros(left, last));
      toFirstEdge.add(micros(left, round.refusing()[0]));
      toPriced.add(micros(left, line.pricedAt()));
      toDecided.add(micros(left, round.decidedAt()));
    }
    System.out.printf("budget loop, %d rounds, 2 edges, from the usage event's finished_at (ms):%n", rounds.size());
    print("every edge refusing", everyEdge);
    print("  emitting edge refusing", toFirstEdge);
    print("  ledger line priced_at", toPriced);
    print("  block decision decided_at", toDecided);
  }

  private static void print(String what, List<Long> micros) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    Function<Double, Double> at = q -> sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
        / 1_000.0;
    System.out.printf("  %-28s p50 %7.1f  p99 %7.1f  min %7.1f  max %7.1f%n", what, at.apply(0.50), at.apply(0.99),
        sorted[0] / 1_000.0, sorted[sorted.length - 1] / 1_000.0);
  }

  /** Microseconds from {@code from} to {@code to}, never negative: an edge may refuse before the event leaves. */
  private static long micros(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toNanos() / 1_000);
  }

  private void apply(String budgetId) {
    String yaml = CONFIG.replace("TENANT_ID", tenant).replace("BUDGET_ID", budgetId).replace("KEY_HASH", key.hash());
    ConfigPublisher.create(bootstrap).apply(ConfigLoader.parse("bench.yaml", yaml).snapshot());
  }

  private EdgeService edge(String edgeId, Path dataDir) throws Exception {
    return EdgeService.start(bootstrap, Args.parse(new String[] {"--port", "0", "--edge-id", edgeId,
        "--data-dir", dataDir.toString()}, Map.of()));
  }

  /**
   * One round.
   *
   * @param requestId the request that exhausted the budget
   * @param refusing when each edge first refused, in the order of the edges
   * @param decidedAt the {@code decided_at} of the block decision the second edge refused on
   */
  private record Round(String requestId, Instant[] refusing, Instant decidedAt) {}
}
