package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tollgate.launcher.e2e.openapi.OpenApiSchemas;
import dev.tollgate.launcher.e2e.openapi.ServerSentEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every body the edge sends, as plain HTTP on loopback, checked against OpenAI's own OpenAPI description
 * ({@code openapi/openai-subset.json}): the model list and a model, a chat completion, each chunk of a streamed chat
 * (the usage-only chunk included), a legacy completion, embeddings, the error bodies of 401, 403, 404, 400 and
 * 413, and the error event that ends a stream cut short upstream.
 */
class OpenApiConformanceIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String CHAT = "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\":"
      + " \"Say hello to the schema.\"}]";
  private static Stack stack;
  private static HttpClient http;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new Stack();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theModelListConforms() throws Exception {
    assertConforms(200, "ListModelsResponse", get("/models", stack.allModels.reveal()));
  }

  @Test
  void aModelConforms() throws Exception {
    assertConforms(200, "Model", get("/models/gpt-4o-mini", stack.allModels.reveal()));
  }

  @Test
  void aChatCompletionConforms() throws Exception {
    assertConforms(200, "CreateChatCompletionResponse", post("/chat/completions", CHAT + "}"));
  }

  @Test
  void everyChunkOfAStreamedChatConforms() throws Exception {
    List<String> data = streamedData(post("/chat/completions", CHAT + ", \"stream\": true}"));

    assertEquals("[DONE]", data.get(data.size() - 1), "a stream ends with [DONE]");
    assertChunksConform(data.subList(0, data.size() - 1));
  }

  @Test
  void everyChunkOfAStreamWithUsageConformsTheUsageOnlyChunkIncluded() throws Exception {
    List<String> data = streamedData(post("/chat/completions",
        CHAT + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}"));

    assertEquals("[DONE]", data.get(data.size() - 1), "a stream ends with [DONE]");
    List<String> chunks = data.subList(0, data.size() - 1);
    String usageOnly = chunks.get(chunks.size() - 1);
    assertTrue(usageOnly.replace(" ", "").contains("\"choices\":[]") && usageOnly.contains("\"prompt_tokens\""),
        "the last chunk before [DONE] is the usage-only chunk: " + usageOnly);
    assertChunksConform(chunks);
  }

  @Test
  void aLegacyCompletionConforms() throws Exception {
    assertConforms(200, "CreateCompletionResponse", post("/completions",
        "{\"model\": \"gpt-4o-mini\", \"prompt\": \"Say hello to the schema.\", \"max_tokens\": 16}"));
  }

  @Test
  void embeddingsConform() throws Exception {
    assertConforms(200, "CreateEmbeddingResponse", post("/embeddings",
        "{\"model\": \"text-embedding-3-small\", \"input\": [\"hello\", \"schema\"]}"));
  }

  @Test
  void unauthenticatedErrorsConform() throws Exception {
    assertConforms(401, "ErrorResponse", get("/models", null));
    assertConforms(401, "ErrorResponse", get("/models", "sk-tollgate-not-a-key"));
    assertConforms(401, "ErrorResponse", send(request("/chat/completions", "sk-tollgate-not-a-key")
        .POST(HttpRequest.BodyPublishers.ofString(CHAT + "}")).build()));
  }

  @Test
  void aForbiddenModelsErrorConforms() throws Exception {
    assertConforms(403, "ErrorResponse", send(request("/chat/completions", stack.miniOnly.reveal())
        .POST(HttpRequest.BodyPublishers.ofString(CHAT.replace("gpt-4o-mini", "slow-model") + "}")).build()));
  }

  @Test
  void notFoundErrorsConform() throws Exception {
    assertConforms(404, "ErrorResponse", get("/models/no-such-model", stack.allModels.reveal()));
    assertConforms(404, "ErrorResponse", post("/chat/completions", CHAT.replace("gpt-4o-mini", "no-such-model") + "}"));
    assertConforms(404, "ErrorResponse", get("/no-such-route", stack.allModels.reveal()));
  }

  @Test
  void aMalformedJsonErrorConforms() throws Exception {
    assertConforms(400, "ErrorResponse", post("/chat/completions", "{\"model\": \"gpt-4o-mini\", \"messages\": ["));
  }

  @Test
  void aTooLargeBodyErrorConforms() throws Exception {
    String nineMiB = CHAT.replace("Say hello to the schema.", "a".repeat(9 * 1024 * 1024)) + "}";

    assertConforms(413, "ErrorResponse", post("/chat/completions", nineMiB));
  }

  @Test
  void theErrorEventOfAStreamCutShortConforms() throws Exception {
    List<String> data = streamedData(post("/chat/completions",
        CHAT.replace("gpt-4o-mini", "cut-model") + ", \"stream\": true}"));

    String last = data.get(data.size() - 1);
    assertTrue(last.startsWith("{\"error\""), "a cut stream ends with an error event: " + data);
    assertFalse(data.contains("[DONE]"), "a cut stream has no [DONE]: " + data);
    List<String> problems = new ArrayList<>(problems("the error event", "ErrorResponse", last));
    problems.addAll(chunkProblems(data.subList(0, data.size() - 1)));
    assertNoProblems(problems);
  }

  private static void assertChunksConform(List<String> chunks) {
    assertFalse(chunks.isEmpty(), "the stream had chunks");
    assertNoProblems(chunkProblems(chunks));
  }

  private static List<String> chunkProblems(List<String> chunks) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      problems.addAll(problems("chunk " + i, "CreateChatCompletionStreamResponse", chunks.get(i)));
    }
    return problems;
  }

  private static void assertConforms(int status, String schema, HttpResponse<String> response) {
    String what = response.request().method() + " " + response.uri().getPath();
    assertEquals(status, response.statusCode(), what + " answered " + response.body());
    assertNoProblems(problems(what, schema, response.body()));
  }

  private static List<String> problems(String what, String schema, String json) {
    return OpenApiSchemas.validate(schema, json).stream()
        .map(problem -> what + " is not OpenAI's " + schema + ": " + problem + "\n    in " + json)
        .toList();
  }

  private static void assertNoProblems(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  /** The {@code data} of each event of a {@code text/event-stream} answer, in order. */
  private static List<String> streamedData(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"),
        "a stream is text/event-stream: " + response.headers().map());
    List<String> data = ServerSentEvents.data(response.body());
    assertFalse(data.isEmpty(), "the stream had events: " + response.body());
    return data;
  }

  private static HttpResponse<String> get(String path, String bearer) throws Exception {
    return send(request(path, bearer).GET().build());
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return send(request(path, stack.allModels.reveal()).POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private static HttpRequest.Builder request(String path, String bearer) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).timeout(TIMEOUT)
        .header("content-type", "application/json");
    return bearer == null ? builder : builder.header("authorization", "Bearer " + bearer);
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
