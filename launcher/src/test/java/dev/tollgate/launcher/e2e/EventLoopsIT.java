package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.usage.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge serving on four event loops ({@code --event-loops 4}): one port, concurrent requests over many
 * connections all answered and each billed once, one simulator per provider, and limits exact across the loops.
 */
class EventLoopsIT {
  private static final int CONCURRENT = 200;
  private static final int CLIENTS = 25;
  private static final int LIMITED_RPM = 5;
  private static Stack stack;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new Stack("/e2e/event-loops.yaml", UnaryOperator.identity(), "--event-loops", "4");
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void shouldAnswerConcurrentRequestsOnEveryLoopAndBillEachOnce() throws Exception {
    List<OpenAIClient> clients = clients(stack.allModels);
    long simulatedBefore = stack.edge.simulator("sim").map(SimulatorServer::receivedRequests).orElse(0L);
    List<String> requestIds = new ArrayList<>();
    List<Callable<ChatCompletion>> calls = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      String requestId = "e2e-loops-" + UUID.randomUUID();
      OpenAIClient client = clients.get(i % CLIENTS);
      requestIds.add(requestId);
      calls.add(() -> client.chat().completions().create(chat(requestId)));
    }

    List<ChatCompletion> completions = all(calls);

    assertEquals(CONCURRENT, completions.size());
    completions.forEach(c -> assertTrue(c.choices().get(0).message().content().isPresent()));
    Map<String, List<UsageEvent>> events = stack.usageOf(Set.copyOf(requestIds));
    for (String requestId : requestIds) {
      assertEquals(1, events.get(requestId).size(), "exactly one usage event for " + requestId);
    }
    // one simulator for all loops, and the one tests see: it received every request
    assertEquals(simulatedBefore + CONCURRENT, stack.edge.simulator("sim").orElseThrow().receivedRequests());
  }

  @Test
  void shouldAdmitExactlyTheLimitWhenLoopsRaceForIt() throws Exception {
    List<OpenAIClient> clients = clients(stack.limited);
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < CONCURRENT / 2; i++) {
      OpenAIClient client = clients.get(i % CLIENTS);
      String requestId = "e2e-loops-limited-" + UUID.randomUUID();
      calls.add(() -> {
        try {
          client.chat().completions().create(chat(requestId));
          return true;
        } catch (RateLimitException e) {
          return false;
        }
      });
    }

    List<Boolean> admitted = all(calls);

    assertEquals(LIMITED_RPM, admitted.stream().filter(a -> a).count());
    assertEquals(CONCURRENT / 2 - LIMITED_RPM, admitted.stream().filter(a -> !a).count());
  }

  /** Runs every call at once, released together, and returns their results in order; fails on any failure. */
  private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> call : calls) {
        futures.add(pool.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(Stack.DEADLINE.toSeconds(), TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Several clients, each with its own connection pool, so the requests arrive over many connections. */
  private static List<OpenAIClient> clients(VirtualKey key) {
    List<OpenAIClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(key.reveal()).maxRetries(0).build());
    }
    return clients;
  }

  private static ChatCompletionCreateParams chat(String requestId) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say something about toll gates.")
        .putAdditionalHeader("x-request-id", requestId).build();
  }
}
