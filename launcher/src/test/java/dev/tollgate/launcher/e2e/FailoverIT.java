package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.routing.RoutingService;
import dev.tollgate.routing.RoutingSettings;
import dev.tollgate.routing.health.HealthPolicy;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorSpec;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover at the edge against the real broker and the routing service run in-process: two deployments behind one
 * alias, one of them an upstream the test switches from 50% errors to a hang and back to health; and a model whose
 * only deployment fails, with a fallback model. The official OpenAI SDK, retries off, must see no error at all.
 */
class FailoverIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String ALIAS = "failover-chat";
  /** How many requests each phase may take at most. */
  private static final int MAX_REQUESTS_PER_PHASE = 300;

  private static Vertx vertx;
  private static SimulatorServer flaky;
  private static int flakyPort;
  private static Stack stack;
  private static RoutingService routing;
  @TempDir static Path routingState;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    flaky = startFlaky(new SimulatorFailure(SimulatorFailure.FailureKind.ERROR, 500, null, null, 2), 0);
    flakyPort = flaky.port();
    stack = new Stack("/e2e/failover.yaml", yaml -> yaml.replace("FLAKY_URL", flaky.baseUrl()),
        "--upstream-timeout-seconds", "2", "--request-deadline-seconds", "20", "--max-attempts", "3");
    // short cool-downs and a small window keep the test fast; the rules are the defaults'
    HealthPolicy policy = new HealthPolicy(10, 4, 5_000, 3, Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 5);
    routing = RoutingService.start(KafkaFixture.bootstrapServers(), new RoutingSettings(
        "failover-it-" + UUID.randomUUID(), policy, Duration.ofMillis(200), "127.0.0.1", 0, null), routingState);
    routing.awaitRunning(DEADLINE);
    client = OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(stack.allModels.reveal()).maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    if (routing != null) {
      routing.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  @Test
  void shouldHideAFailingDeploymentCoolItDownAndBringItBackOnceItHeals() throws Exception {
    List<String> errors = new ArrayList<>();
    try (CircuitWatch watch = new CircuitWatch(ALIAS, "flaky")) {
      // 50% errors: the circuit opens, and no client sees an error
      int[] sent = {0};
      Await.until(DEADLINE, () -> {
        send(ALIAS, errors, sent);
        return watch.poll().contains(CircuitState.OPEN);
      }, "the flaky deployment's circuit to open");
      assertTrue(sent[0] <= MAX_REQUESTS_PER_PHASE, sent[0] + " requests before the circuit opened");
      assertEquals(List.of(), errors);

      // a hang: the cooled-down deployment is probed, its probe times out and fails over, and it opens again
      switchFlaky(new SimulatorFailure(SimulatorFailure.FailureKind.HANG, null, null, null, null));
      int reopenedFrom = watch.seen();
      sent[0] = 0;
      Await.until(DEADLINE, () -> {
        send(ALIAS, errors, sent);
        List<CircuitState> since = watch.since(reopenedFrom);
        return flaky.receivedRequests() > 0 && since.contains(CircuitState.HALF_OPEN)
            && since.lastIndexOf(CircuitState.OPEN) > since.indexOf(CircuitState.HALF_OPEN);
      }, "a probe of the hung deployment to time out and open its circuit again");
      assertEquals(List.of(), errors);

      // healed: half-open, a trickle of probes succeeds, closed
      switchFlaky(SimulatorFailure.NONE);
      int healedFrom = watch.seen();
      sent[0] = 0;
      Await.until(DEADLINE, () -> {
        send(ALIAS, errors, sent);
        List<CircuitState> since = watch.since(healedFrom);
        return since.contains(CircuitState.HALF_OPEN)
            && since.lastIndexOf(CircuitState.CLOSED) > since.indexOf(CircuitState.HALF_OPEN);
      }, "the healed deployment's circuit to close again");
      assertTrue(flaky.receivedRequests() > 0, "the healed deployment served its probes");
      assertEquals(List.of(), errors);
    }
  }

  @Test
  void shouldFallBackToAnotherModelWhenEveryDeploymentOfTheFirstFails() {
    List<String> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(send("fallback-primary", errors, new int[1]));
    }
    assertEquals(List.of(), errors);

    Map<String, List<UsageEvent>> events = stack.usageOf(ids);
    for (String id : ids) {
      // billed once: one event for the request, naming the alias asked for and the fallback's deployment
      assertEquals(1, events.get(id).size(), id);
      UsageEvent event = events.get(id).get(0);
      assertEquals("fallback-primary", event.modelAlias());
      assertEquals("backup", event.deployment());
      assertEquals("sim-backup", event.upstreamModel());
      assertEquals(Outcome.OK, event.outcome());
      assertTrue(event.tokens().completion() > 0, event.tokens().toString());
      assertTrue(event.attempt() >= 1 && event.attempt() <= 2, "attempt " + event.attempt());
    }
    // every request that tried the broken deployment first reported that attempt on its own, without tokens
    Set<String> attemptIds = new HashSet<>();
    ids.forEach(id -> {
      if (events.get(id).get(0).attempt() == 2) {
        attemptIds.add(id + "/attempt-1");
      }
    });
    assertTrue(!attemptIds.isEmpty(), "the first request, before any circuit opened, tried the broken deployment");
    stack.usageOf(attemptIds).values().forEach(list -> {
      UsageEvent failed = list.get(0);
      assertEquals("broken", failed.deployment());
      assertEquals(Outcome.UPSTREAM_ERROR, failed.outcome());
      assertEquals(503, failed.httpStatus());
      assertEquals(0, failed.tokens().prompt() + failed.tokens().completion());
    });
  }

  /** One chat completion through the SDK; an error is collected, not thrown, so polling loops cannot hide it. */
  private static String send(String model, List<String> errors, int[] sent) {
    String requestId = "failover-" + UUID.randomUUID();
    sent[0]++;
    try {
      client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
          .addUserMessage("Say something short.").putAdditionalHeader("x-request-id", requestId).build());
    } catch (OpenAIException e) {
      errors.add(requestId + ": " + e.getMessage());
    }
    return requestId;
  }

  private static SimulatorServer startFlaky(SimulatorFailure failure, int port) throws Exception {
    return SimulatorServer.start(vertx, new SimulatorSpec(1, 0, 8, failure), port).toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Restarts the flaky upstream on its port with another failure mode. */
  private static void switchFlaky(SimulatorFailure failure) throws Exception {
    flaky.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    flaky = startFlaky(failure, flakyPort);
  }

  /** Every circuit state one deployment of one alias went through on {@code tollgate.routes}, in order. */
  private static final class CircuitWatch implements AutoCloseable {
    private final String alias;
    private final String deployment;
    private final KafkaConsumer<String, RouteTable> consumer;
    private final List<CircuitState> states = new ArrayList<>();

    CircuitWatch(String alias, String deployment) {
      this.alias = alias;
      this.deployment = deployment;
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
          Topics.ROUTES.valueSerde().deserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.ROUTES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived; the states so far, a state repeated only when another came in between. */
    List<CircuitState> poll() {
      for (ConsumerRecord<String, RouteTable> record : consumer.poll(Duration.ofMillis(100))) {
        if (alias.equals(record.key()) && record.value() != null) {
          record.value().candidates().stream().filter(c -> c.deployment().equals(deployment)).findFirst()
              .ifPresent(c -> {
                if (states.isEmpty() || states.get(states.size() - 1) != c.health().state()) {
                  states.add(c.health().state());
                }
              });
        }
      }
      return List.copyOf(states);
    }

    int seen() {
      return poll().size();
    }

    /** The states after the first {@code from}, read up to now. */
    List<CircuitState> since(int from) {
      List<CircuitState> all = poll();
      return all.subList(Math.min(from, all.size()), all.size());
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
