package dev.tollgate.budget;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook on 127.0.0.1 and an ephemeral port that answers 500 to the first delivery it gets and accepts the
 * others, recording each accepted body by its {@code Idempotency-Key}.
 */
final class WebhookReceiver implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, List<String>> accepted = new ConcurrentHashMap<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A URL with a secret in its path, as chat-tool webhooks have. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/s3cr3t-token";
  }

  int requests() {
    return requests.get();
  }

  /** Accepted bodies by idempotency key. */
  Map<String, List<String>> accepted() {
    return Map.copyOf(accepted);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (requests.incrementAndGet() == 1 || key == null) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      accepted.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(json);
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
