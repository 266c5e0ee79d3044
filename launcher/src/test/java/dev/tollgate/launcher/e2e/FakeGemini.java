package dev.tollgate.launcher.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback stand-in for the Generative Language API ({@code v1beta}), answering with the shapes of the Gemini
 * transcripts: {@code generateContent}, {@code streamGenerateContent?alt=sse} (Google's {@code \r\n} framing, usage
 * in the last event), {@code embedContent} and {@code batchEmbedContents}. A request without the expected
 * {@code x-goog-api-key}, or with a key in the URL, gets Google's {@code API_KEY_INVALID} answer. The last body of
 * each method is kept for the test to inspect.
 */
final class FakeGemini implements AutoCloseable {
  static final String MODEL = "gemini-2.5-flash";
  static final String EMBEDDING_MODEL = "gemini-embedding-001";
  static final String ANSWER = "Toll gates collect fees from travellers.";
  static final List<String> STREAMED = List.of("Toll gates", " collect fees", " from travellers.");
  /** Exact in float32, so a base64 round trip gives them back unchanged. */
  static final List<Float> EMBEDDING = List.of(0.5f, -0.25f, 0.125f, 1.0f);
  static final int PROMPT_TOKENS = 9;
  static final int CANDIDATES_TOKENS = 7;
  static final int THOUGHTS_TOKENS = 3;

  private static final String USAGE = "{\"promptTokenCount\":" + PROMPT_TOKENS + ",\"candidatesTokenCount\":"
      + CANDIDATES_TOKENS + ",\"thoughtsTokenCount\":" + THOUGHTS_TOKENS + ",\"totalTokenCount\":"
      + (PROMPT_TOKENS + CANDIDATES_TOKENS + THOUGHTS_TOKENS) + "}";
  private static final String KEY_INVALID = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a"
      + " valid API key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
      + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}";

  private final HttpServer server;
  private final String key;
  private final Map<String, String> lastBodies = new ConcurrentHashMap<>();

  FakeGemini(String key) throws IOException {
    this.key = key;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1beta/models/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The last body sent to a method ({@code generateContent}, {@code streamGenerateContent} …), or null. */
  String lastBody(String method) {
    return lastBodies.get(method);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!key.equals(exchange.getRequestHeaders().getFirst("x-goog-api-key"))
          || query != null && query.contains("key=")) {
        send(exchange, 400, "application/json; charset=UTF-8", KEY_INVALID);
        return;
      }
      String method = path.substring(path.indexOf(':') + 1);
      String model = path.substring("/v1beta/models/".length(), path.indexOf(':'));
      lastBodies.put(method, body);
      switch (method) {
        case "generateContent" -> send(exchange, 200, "application/json; charset=UTF-8", MODEL.equals(model)
            ? response("[{\"text\":\"" + ANSWER + "\"}]", "STOP", USAGE)
            : notFound(model));
        case "streamGenerateContent" -> stream(exchange);
        case "embedContent" -> send(exchange, 200, "application/json; charset=UTF-8",
            "{\"embedding\":{\"values\":" + EMBEDDING + "}}");
        case "batchEmbedContents" -> send(exchange, 200, "application/json; charset=UTF-8",
            "{\"embeddings\":[{\"values\":" + EMBEDDING + "},{\"values\":" + EMBEDDING + "}]}");
        default -> send(exchange, 404, "application/json; charset=UTF-8", notFound(model));
      }
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    if (!"alt=sse".equals(exchange.getRequestURI().getRawQuery())) {
      send(exchange, 400, "application/json", "{\"error\":{\"code\":400,\"message\":\"expected alt=sse\","
          + "\"status\":\"INVALID_ARGUMENT\"}}");
      return;
    }
    exchange.getResponseHeaders().set("content-type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < STREAMED.size(); i++) {
      boolean last = i == STREAMED.size() - 1;
      String usage = last ? USAGE : "{\"promptTokenCount\":" + PROMPT_TOKENS + ",\"totalTokenCount\":"
          + PROMPT_TOKENS + "}";
      String event = response("[{\"text\":\"" + STREAMED.get(i) + "\"}]", last ? "STOP" : null, usage);
      out.write(("data: " + event + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static String response(String parts, String finishReason, String usage) {
    return "{\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"}"
        + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + ",\"index\":0}],"
        + "\"usageMetadata\":" + usage + ",\"modelVersion\":\"" + MODEL + "\",\"responseId\":\"fake-gemini-1\"}";
  }

  private static String notFound(String model) {
    return "{\"error\":{\"code\":404,\"message\":\"models/" + model + " is not found for API version v1beta\","
        + "\"status\":\"NOT_FOUND\"}}";
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
