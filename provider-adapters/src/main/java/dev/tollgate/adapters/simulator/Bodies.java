package dev.tollgate.adapters.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The simulator's JSON, shaped like OpenAI's own (see the API reference's examples), field order included. */
final class Bodies {
  static final String FINGERPRINT = "fp_tollgate_sim";
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** The fields every body of one answer shares. */
  record Head(OpenAiEndpoint endpoint, String id, long created, String model) {}

  /** The pieces of a stream. */
  enum Piece { ROLE, TOKEN, FINISH }

  private Bodies() {}

  static Buffer chunk(Head head, Piece piece, String text, String finishReason, boolean usageNull) {
    return json(g -> {
      boolean chat = head.endpoint() == OpenAiEndpoint.CHAT_COMPLETIONS;
      start(g, head, chat ? "chat.completion.chunk" : "text_completion");
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      if (chat) {
        g.writeNumberField("index", 0);
        g.writeObjectFieldStart("delta");
        if (piece == Piece.ROLE) {
          g.writeStringField("role", "assistant");
          g.writeStringField("content", "");
          g.writeNullField("refusal");
        } else if (piece == Piece.TOKEN) {
          g.writeStringField("content", text);
        }
        g.writeEndObject();
      } else {
        g.writeStringField("text", piece == Piece.TOKEN ? text : "");
        g.writeNumberField("index", 0);
      }
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", finishReason);
      g.writeEndObject();
      g.writeEndArray();
      if (usageNull) {
        g.writeNullField("usage");
      }
      g.writeEndObject();
    });
  }

  static Buffer usageChunk(Head head, Usage usage) {
    return json(g -> {
      start(g, head, head.endpoint() == OpenAiEndpoint.CHAT_COMPLETIONS ? "chat.completion.chunk" : "text_completion");
      g.writeArrayFieldStart("choices");
      g.writeEndArray();
      usage(g, usage);
      g.writeEndObject();
    });
  }

  static Buffer completion(Head head, String text, String finishReason, Usage usage) {
    return json(g -> {
      boolean chat = head.endpoint() == OpenAiEndpoint.CHAT_COMPLETIONS;
      start(g, head, chat ? "chat.completion" : "text_completion");
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      if (chat) {
        g.writeNumberField("index", 0);
        g.writeObjectFieldStart("message");
        g.writeStringField("role", "assistant");
        g.writeStringField("content", text);
        g.writeNullField("refusal");
        g.writeArrayFieldStart("annotations");
        g.writeEndArray();
        g.writeEndObject();
      } else {
        g.writeStringField("text", text);
        g.writeNumberField("index", 0);
      }
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", finishReason);
      g.writeEndObject();
      g.writeEndArray();
      usage(g, usage);
      g.writeEndObject();
    });
  }

  static Buffer error(String message, String type, String param, String code) {
    return json(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", type);
      g.writeStringField("param", param);
      g.writeStringField("code", code);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static Buffer model(String id) {
    return json(g -> writeModel(g, id));
  }

  static Buffer models(String id) {
    return json(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      writeModel(g, id);
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  static Buffer sse(Buffer data) {
    return Buffer.buffer(data.length() + 8).appendString("data: ").appendBuffer(data).appendString("\n\n");
  }

  private static void writeModel(JsonGenerator g, String id) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "model");
    g.writeNumberField("created", 1_700_000_000L);
    g.writeStringField("owned_by", "tollgate-simulator");
    g.writeEndObject();
  }

  private static void start(JsonGenerator g, Head head, String object) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", head.id());
    g.writeStringField("object", object);
    g.writeNumberField("created", head.created());
    g.writeStringField("model", head.model());
    g.writeStringField("system_fingerprint", FINGERPRINT);
  }

  static void usage(JsonGenerator g, Usage usage) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("prompt_tokens", usage.promptTokens());
    g.writeNumberField("completion_tokens", usage.completionTokens());
    g.writeNumberField("total_tokens", usage.totalTokens());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", usage.cachedTokens());
    g.writeNumberField("audio_tokens", 0);
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", usage.reasoningTokens());
    g.writeNumberField("audio_tokens", 0);
    g.writeNumberField("accepted_prediction_tokens", 0);
    g.writeNumberField("rejected_prediction_tokens", 0);
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Writes one JSON document. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator generator) throws IOException;
  }

  static Buffer json(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return Buffer.buffer(out.toByteArray());
  }
}
