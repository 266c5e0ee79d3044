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
 * A loopback stand-in for an Azure OpenAI resource, answering with the shapes of the Azure transcripts: chat
 * completions under {@code /openai/deployments/{deployment}/…?api-version=…}, streams opened by Azure's
 * {@code prompt_filter_results} chunk with usage in a last chunk, and embeddings. A request without the expected
 * {@code api-key} header gets Azure's 401; an unknown deployment Azure's {@code DeploymentNotFound}. The last body
 * sent to each path is kept for the test to inspect.
 */
final class FakeAzureOpenAi implements AutoCloseable {
  static final String API_VERSION = "2024-10-21";
  static final String CHAT_DEPLOYMENT = "gpt-4o-mini-prod";
  static final String EMBEDDING_DEPLOYMENT = "text-embedding-3-small-prod";
  static final String ANSWER = "Toll gates collect fees from travellers.";
  static final List<String> STREAMED = List.of("Toll gates", " collect fees", " from travellers.");
  static final List<Float> EMBEDDING = List.of(0.5f, -0.25f, 0.125f, 1.0f);
  static final int PROMPT_TOKENS = 21;
  static final int COMPLETION_TOKENS = 8;
  static final int CACHED_TOKENS = 16;

  private static final String USAGE = "{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":"
      + COMPLETION_TOKENS + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS)
      + ",\"prompt_tokens_details\":{\"cached_tokens\":" + CACHED_TOKENS + "}}";
  private static final String UNAUTHORIZED = "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid"
      + " subscription key or wrong API endpoint.\"}}";

  private final HttpServer server;
  private final String key;
  private final Map<String, String> lastBodies = new ConcurrentHashMap<>();

  FakeAzureOpenAi(String key) throws IOException {
    this.key = key;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/openai/deployments/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The last body sent to a deployment's operation ({@code gpt-4o-mini-prod/chat/completions} …), or null. */
  String lastBody(String deploymentAndOperation) {
    return lastBodies.get(deploymentAndOperation);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/openai/deployments/".length());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!key.equals(exchange.getRequestHeaders().getFirst("api-key"))) {
        send(exchange, 401, UNAUTHORIZED);
        return;
      }
      if (!("api-version=" + API_VERSION).equals(exchange.getRequestURI().getRawQuery())) {
        send(exchange, 404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
        return;
      }
      lastBodies.put(path, body);
      if (path.equals(CHAT_DEPLOYMENT + "/chat/completions")) {
        if (body.contains("\"stream\":true")) {
          stream(exchange);
        } else {
          send(exchange, 200, completion());
        }
      } else if (path.equals(EMBEDDING_DEPLOYMENT + "/embeddings")) {
        send(exchange, 200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
            + EMBEDDING + "}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":4,"
            + "\"total_tokens\":4}}");
      } else {
        send(exchange, 404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this"
            + " resource does not exist.\"}}");
      }
    }
  }

  private static String completion() {
    return "{\"id\":\"chatcmpl-azure-1\",\"object\":\"chat.completion\",\"created\":1732000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"prompt_filter_results\":[{\"prompt_index\":0,"
        + "\"content_filter_results\":{}}],\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\",\"content_filter_results\":{}}],"
        + "\"usage\":" + USAGE + ",\"system_fingerprint\":\"fp_azure\"}";
  }

  private static void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("content-type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    // Azure opens every stream with the prompt's filter results, in a chunk without choices or model
    event(out, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}");
    event(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    for (String piece : STREAMED) {
      event(out, chunk("{\"content\":\"" + piece + "\"}", null));
    }
    event(out, chunk("{}", "stop"));
    event(out, "{\"id\":\"chatcmpl-azure-2\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":" + USAGE + "}");
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String chunk(String delta, String finishReason) {
    return "{\"id\":\"chatcmpl-azure-2\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + ",\"content_filter_results\":{}}],\"usage\":null}";
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
