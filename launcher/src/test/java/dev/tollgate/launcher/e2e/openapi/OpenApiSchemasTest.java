package dev.tollgate.launcher.e2e.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The schemas accept OpenAI's own examples (the API reference's, shortened) and reject what is not OpenAI's shape, so
 * a conformance test that passes has checked something.
 */
class OpenApiSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String CHAT = """
      {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
       "model": "gpt-4.1-2025-04-14",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello! How can I assist you today?",
                                            "refusal": null, "annotations": []},
                    "logprobs": null, "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                 "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                 "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                               "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
       "service_tier": "default"}
      """;
  static final String CHUNK = """
      {"id": "chatcmpl-123", "object": "chat.completion.chunk", "created": 1694268190, "model": "gpt-4o-mini",
       "system_fingerprint": "fp_44709d6fcb",
       "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": null, "finish_reason": null}]}
      """;
  static final String USAGE_CHUNK = """
      {"id": "chatcmpl-123", "object": "chat.completion.chunk", "created": 1694268190, "model": "gpt-4o-mini",
       "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}
      """;
  static final String COMPLETION = """
      {"id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", "object": "text_completion", "created": 1589478378,
       "model": "gpt-3.5-turbo-instruct", "system_fingerprint": "fp_44709d6fcb",
       "choices": [{"text": "\\n\\nThis is indeed a test", "index": 0, "logprobs": null, "finish_reason": "length"}],
       "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}}
      """;
  static final String EMBEDDINGS = """
      {"object": "list",
       "data": [{"object": "embedding", "embedding": [0.0023064255, -0.009327292, -0.0028842222], "index": 0}],
       "model": "text-embedding-ada-002", "usage": {"prompt_tokens": 8, "total_tokens": 8}}
      """;
  static final String MODEL = """
      {"id": "gpt-4o-mini", "object": "model", "created": 1686935002, "owned_by": "openai"}
      """;
  static final String MODELS = """
      {"object": "list", "data": [
        {"id": "model-id-0", "object": "model", "created": 1686935002, "owned_by": "organization-owner"},
        {"id": "model-id-1", "object": "model", "created": 1686935002, "owned_by": "openai",
         "shutdown_date": "2026-10-23"}]}
      """;
  static final String ERROR = """
      {"error": {"message": "Incorrect API key provided: sk-abc.", "type": "invalid_request_error", "param": null,
                 "code": "invalid_api_key"}}
      """;

  @Test
  void theSubsetHoldsTheRootsAndWhatTheyReference() {
    assertTrue(OpenApiSchemas.get().names().containsAll(OpenApiSubsetExtractor.ROOTS));
    assertTrue(OpenApiSchemas.get().names().contains("CompletionUsage"));
  }

  @Test
  void openAisOwnExamplesConform() {
    OpenApiSchemas.assertValid("CreateChatCompletionResponse", CHAT);
    OpenApiSchemas.assertValid("CreateChatCompletionStreamResponse", CHUNK);
    OpenApiSchemas.assertValid("CreateChatCompletionStreamResponse", USAGE_CHUNK);
    OpenApiSchemas.assertValid("CreateCompletionResponse", COMPLETION);
    OpenApiSchemas.assertValid("CreateEmbeddingResponse", EMBEDDINGS);
    OpenApiSchemas.assertValid("ListModelsResponse", MODELS);
    OpenApiSchemas.assertValid("Model", MODEL);
    OpenApiSchemas.assertValid("ErrorResponse", ERROR);
  }

  @Test
  void nullableBecameATypeUnionWithNull() {
    // finish_reason and usage are `nullable: true` in the description: null passes, another value does not
    OpenApiSchemas.assertValid("CreateChatCompletionStreamResponse", edit(USAGE_CHUNK, o -> o.putNull("usage")));
    assertFails("CreateChatCompletionStreamResponse",
        edit(CHUNK, o -> choice(o).put("finish_reason", "done")), p -> p.startsWith("$.choices[0].finish_reason: "));
    assertFails("CreateChatCompletionStreamResponse", edit(USAGE_CHUNK, o -> o.put("usage", 3)),
        p -> p.startsWith("$.usage: "));
    // in a whole completion finish_reason is not nullable
    assertFails("CreateChatCompletionResponse", edit(CHAT, o -> choice(o).putNull("finish_reason")),
        p -> p.startsWith("$.choices[0].finish_reason: "));
  }

  @Test
  void aChatCompletionWithoutChoicesFails() {
    assertFails("CreateChatCompletionResponse", edit(CHAT, o -> o.remove("choices")),
        p -> p.startsWith("$: ") && p.contains("choices") && p.contains("#/$defs/CreateChatCompletionResponse/required"));
    assertFails("CreateChatCompletionStreamResponse", edit(CHUNK, o -> o.remove("choices")),
        p -> p.startsWith("$: ") && p.contains("choices"));
  }

  @Test
  void aWrongObjectFails() {
    assertFails("CreateChatCompletionResponse", edit(CHAT, o -> o.put("object", "chat.completion.chunk")),
        p -> p.startsWith("$.object: "));
    assertFails("CreateChatCompletionStreamResponse", edit(CHUNK, o -> o.put("object", "chat.completion")),
        p -> p.startsWith("$.object: "));
    assertFails("CreateCompletionResponse", edit(COMPLETION, o -> o.put("object", "completion")),
        p -> p.startsWith("$.object: "));
    assertFails("CreateEmbeddingResponse", edit(EMBEDDINGS, o -> o.put("object", "embeddings")),
        p -> p.startsWith("$.object: "));
    assertFails("ListModelsResponse", edit(MODELS, o -> o.put("object", "models")), p -> p.startsWith("$.object: "));
    assertFails("Model", edit(MODEL, o -> o.put("object", "engine")), p -> p.startsWith("$.object: "));
  }

  @Test
  void anErrorWithoutMessageFails() {
    assertFails("ErrorResponse", edit(ERROR, o -> ((ObjectNode) o.get("error")).remove("message")),
        p -> p.startsWith("$.error: ") && p.contains("message"));
    // param and code are required too, though they may be null
    assertFails("ErrorResponse", edit(ERROR, o -> ((ObjectNode) o.get("error")).remove("param")),
        p -> p.startsWith("$.error: ") && p.contains("param"));
    assertFails("ErrorResponse", "{\"message\": \"flat\", \"type\": \"server_error\"}",
        p -> p.startsWith("$: ") && p.contains("error"));
  }

  @Test
  void typesAndFormatsAreChecked() {
    assertFails("CreateEmbeddingResponse",
        edit(EMBEDDINGS, o -> ((ArrayNode) o.at("/data/0/embedding")).set(0, TextNode.valueOf("0.1"))),
        p -> p.startsWith("$.data[0].embedding[0]: "));
    assertFails("Model", edit(MODEL, o -> o.put("created", "1686935002")), p -> p.startsWith("$.created: "));
    assertFails("Model", edit(MODEL, o -> o.put("shutdown_date", "soon")), p -> p.startsWith("$.shutdown_date: "));
  }

  @Test
  void notJsonAndUnknownSchemasAreReported() {
    assertEquals(1, OpenApiSchemas.validate("ErrorResponse", "{\"error\": ").size());
    assertFails("ErrorResponse", "{\"error\": {}, \"error\": {}}", p -> p.startsWith("not JSON"));
    assertThrows(IllegalArgumentException.class, () -> OpenApiSchemas.validate("CreateResponse", "{}"));
    AssertionError e = assertThrows(AssertionError.class, () -> OpenApiSchemas.assertValid("Model", "{}"));
    assertTrue(e.getMessage().contains("does not conform to OpenAI's Model"), e.getMessage());
  }

  private static void assertFails(String schema, String json, Predicate<String> expected) {
    List<String> problems = OpenApiSchemas.validate(schema, json);
    assertFalse(problems.isEmpty(), () -> schema + " accepted " + json);
    assertTrue(problems.stream().anyMatch(expected), () -> schema + " did not report the expected problem: " + problems);
  }

  /** {@code json} with {@code change} made to it. */
  private static String edit(String json, Consumer<ObjectNode> change) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      change.accept(node);
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ObjectNode choice(ObjectNode completion) {
    return (ObjectNode) completion.at("/choices/0");
  }
}
