package dev.tollgate.budget.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.config.BudgetScope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookClientTest {

  private static final WebhookSettings FAST = WebhookSettings.defaults()
      .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));

  private HttpServer server;
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        Integer status = statuses.poll();
        exchange.sendResponseHeaders(status == null ? 204 : status, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  @Test
  void shouldRetryServerErrorsAndSendTheSameIdempotencyKeyEachTime() throws Exception {
    statuses.addAll(List.of(500, 503, 429));

    boolean delivered = deliver(FAST);

    assertTrue(delivered);
    assertEquals(List.of("b1/2026-03-01T00:00:00Z/80", "b1/2026-03-01T00:00:00Z/80", "b1/2026-03-01T00:00:00Z/80",
        "b1/2026-03-01T00:00:00Z/80"), idempotencyKeys);
  }

  @Test
  void shouldGiveUpAfterTheLastAttempt() throws Exception {
    statuses.addAll(List.of(500, 500, 500, 500, 500, 500, 500, 500));

    boolean delivered = deliver(FAST);

    assertFalse(delivered);
    assertEquals(FAST.maxAttempts(), idempotencyKeys.size());
  }

  @Test
  void shouldNotRetryARefusal() throws Exception {
    statuses.add(400);

    boolean delivered = deliver(FAST);

    assertFalse(delivered);
    assertEquals(1, idempotencyKeys.size());
  }

  @Test
  void shouldGiveUpOnAUrlThatIsNotHttp() throws Exception {
    BudgetAlert alert = alert();

    boolean delivered = new WebhookClient(FAST).deliver("ftp://127.0.0.1/x", alert).get(10, TimeUnit.SECONDS);

    assertFalse(delivered);
    assertEquals(List.of(), idempotencyKeys);
  }

  private boolean deliver(WebhookSettings settings) throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    return new WebhookClient(settings).deliver(url, alert()).get(30, TimeUnit.SECONDS);
  }

  private static BudgetAlert alert() {
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    return new BudgetAlert(BudgetAlert.CURRENT_SCHEMA_VERSION, BudgetAlert.alertId("b1", start, 80), "b1",
        new BudgetScope("acme", null, null), 80, 80, 100, start, start.plusSeconds(86_400), start.plusSeconds(60));
  }
}
