package dev.tollgate.launcher.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback fake of Anthropic's Messages API, {@code POST /v1/messages}, answering in the shapes of the Anthropic
 * transcripts: a text answer, or a {@code tool_use} when the request offers tools, whole or as an event stream.
 * Requests without the expected {@code x-api-key} and {@code anthropic-version} get Anthropic's 401.
 */
final class FakeAnthropic implements AutoCloseable {
  static final String ANSWER = "Hello from the fake Anthropic!";
  static final String TOOL_ARGUMENTS = "{\"location\":\"Boston, MA\"}";
  static final long INPUT_TOKENS = 25;
  static final long CACHE_READ_TOKENS = 100;
  static final long CACHE_WRITE_TOKENS = 50;
  static final long OUTPUT_TOKENS = 9;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String apiKey;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  private FakeAnthropic(String apiKey) throws IOException {
    this.apiKey = apiKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/messages", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeAnthropic start(String apiKey) throws IOException {
    return new FakeAnthropic(apiKey);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The request bodies received, in order. */
  List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "application/json", error("invalid_request_error", "method not allowed"));
        return;
      }
      if (!apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))
          || !"2023-06-01".equals(exchange.getRequestHeaders().getFirst("anthropic-version"))
          || !"application/json".equals(exchange.getRequestHeaders().getFirst("content-type"))) {
        send(exchange, 401, "application/json", error("authentication_error", "invalid x-api-key"));
        return;
      }
      JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(body);
      boolean tools = body.has("tools");
      if (body.path("stream").asBoolean(false)) {
        send(exchange, 200, "text/event-stream", stream(body.path("model").asText(), tools));
      } else {
        send(exchange, 200, "application/json", message(body.path("model").asText(), tools));
      }
    } finally {
      exchange.close();
    }
  }

  private static String message(String model, boolean tools) throws IOException {
    ObjectNode message = MAPPER.createObjectNode().put("id", "msg_fake_01").put("type", "message")
        .put("role", "assistant").put("model", model);
    if (tools) {
      message.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_fake_01")
          .put("name", "get_weather").set("input", MAPPER.readTree(TOOL_ARGUMENTS));
    } else {
      message.putArray("content").addObject().put("type", "text").put("text", ANSWER);
    }
    message.put("stop_reason", tools ? "tool_use" : "end_turn").putNull("stop_sequence");
    message.set("usage", usage(OUTPUT_TOKENS));
    return MAPPER.writeValueAsString(message);
  }

  private static String stream(String model, boolean tools) {
    StringBuilder sse = new StringBuilder();
    event(sse, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake_02\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
        + "\"stop_sequence\":null,\"usage\":" + usage(1) + "}}");
    if (tools) {
      event(sse, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
          + "{\"type\":\"tool_use\",\"id\":\"toolu_fake_02\",\"name\":\"get_weather\",\"input\":{}}}");
      event(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\"}}");
      event(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Boston, MA\\\"}\"}}");
    } else {
      event(sse, "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
      event(sse, "ping", "{\"type\":\"ping\"}");
      for (String piece : new String[] {"Hello from", " the fake", " Anthropic!"}) {
        event(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}");
      }
    }
    event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    event(sse, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + (tools ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
        + OUTPUT_TOKENS + "}}");
    event(sse, "message_stop", "{\"type\":\"message_stop\"}");
    return sse.toString();
  }

  private static ObjectNode usage(long output) {
    return MAPPER.createObjectNode().put("input_tokens", INPUT_TOKENS)
        .put("cache_creation_input_tokens", CACHE_WRITE_TOKENS).put("cache_read_input_tokens", CACHE_READ_TOKENS)
        .put("output_tokens", output);
  }

  private static void event(StringBuilder sse, String type, String data) {
    sse.append("event: ").append(type).append('\n').append("data: ").append(data).append("\n\n");
  }

  private static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
