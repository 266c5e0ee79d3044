package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.sse.SseEvent;
import dev.tollgate.adapters.sse.SseParser;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The legacy {@code POST /v1/completions} on Gemini: the prompt becomes one user message, the request is served as
 * a chat, and each chat answer or chunk is reshaped as a {@code text_completion} (a choice's {@code text} is its
 * content; a role-only delta disappears). One prompt only: an array of several prompts, token arrays,
 * {@code suffix}, {@code echo}, {@code logprobs} and {@code best_of} above 1 are refused with a 400 naming them.
 */
final class GeminiCompletions implements Translator {
  private static final byte[] EMPTY = new byte[0];

  private final GeminiChat chat;
  private StreamTranslator stream;

  GeminiCompletions(Clock clock) {
    this.chat = new GeminiChat(clock);
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    if (request.endpoint() != OpenAiEndpoint.COMPLETIONS) {
      throw new IllegalArgumentException("a " + request.endpoint() + " request given to the Gemini completions"
          + " translator");
    }
    JsonNode body;
    try {
      body = GeminiJson.tree(request.body());
    } catch (IOException e) {
      throw new IllegalStateException("a parsed request is JSON", e);
    }
    ObjectNode chatBody = GeminiJson.object();
    for (var field : body.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      switch (name) {
        case "prompt" -> chatBody.putArray("messages").addObject().put("role", "user").put("content", prompt(value));
        case "echo" -> refuseUnless(!value.asBoolean(false), name);
        case "best_of" -> refuseUnless(value.isNull() || value.asInt(1) == 1, name);
        case "suffix", "logprobs" -> refuseUnless(value.isNull(), name);
        default -> chatBody.set(name, value);
      }
    }
    OpenAiRequest asChat = OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, GeminiJson.bytes(chatBody));
    return chat.translateRequest(asChat, request, spec, deployment, secrets);
  }

  private static String prompt(JsonNode prompt) throws InvalidRequestException {
    if (prompt.isTextual()) {
      return prompt.asText();
    } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      return prompt.get(0).asText();
    }
    throw new InvalidRequestException("Invalid 'prompt': Gemini completes one text prompt per request, not several"
        + " prompts or token arrays.", "prompt");
  }

  private static void refuseUnless(boolean fine, String name) throws InvalidRequestException {
    if (!fine) {
      throw new InvalidRequestException(
          "Unsupported parameter: '" + name + "' is not supported with Gemini models.", name);
    }
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    TranslatedResponse response = chat.translateResponse(status, headers, body);
    if (response instanceof TranslatedResponse.Success success) {
      JsonNode completion = tree(success.body());
      ObjectNode out = header(completion);
      ArrayNode choices = out.putArray("choices");
      for (JsonNode choice : completion.path("choices")) {
        choices.add(choice(choice.path("index").asInt(), choice.path("message").path("content").asText(""),
            choice.get("finish_reason")));
      }
      out.set("usage", completion.get("usage"));
      return new TranslatedResponse.Success(GeminiJson.bytes(out), success.usage());
    }
    return response;
  }

  @Override
  public StreamTranslator streamTranslator() {
    if (stream == null) {
      stream = new CompletionStream(chat.streamTranslator());
    }
    return stream;
  }

  private static ObjectNode header(JsonNode chat) {
    ObjectNode out = GeminiJson.object();
    out.set("id", chat.get("id"));
    out.put("object", "text_completion");
    out.set("created", chat.get("created"));
    out.set("model", chat.get("model"));
    return out;
  }

  private static ObjectNode choice(int index, String text, JsonNode finishReason) {
    ObjectNode choice = GeminiJson.object();
    choice.put("text", text);
    choice.put("index", index);
    choice.putNull("logprobs");
    choice.set("finish_reason", finishReason);
    return choice;
  }

  private static JsonNode tree(byte[] json) {
    try {
      return GeminiJson.tree(json);
    } catch (IOException e) {
      throw new IllegalStateException("the chat translator wrote JSON", e);
    }
  }

  /** Reshapes the chat stream's events, which always arrive whole, into completion chunks. */
  private static final class CompletionStream implements StreamTranslator {
    private final StreamTranslator chat;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final SseParser events = new SseParser(this::reshape);
    private StreamEnd end;

    CompletionStream(StreamTranslator chat) {
      this.chat = chat;
    }

    @Override
    public byte[] translate(byte[] upstreamBytes) {
      return reshaped(chat.translate(upstreamBytes));
    }

    @Override
    public StreamEnd finish() {
      if (end == null) {
        StreamEnd chatEnd = chat.finish();
        end = new StreamEnd(reshaped(chatEnd.bytes()), chatEnd.usage(), chatEnd.failure());
      }
      return end;
    }

    private byte[] reshaped(byte[] chatBytes) {
      if (chatBytes.length == 0) {
        return EMPTY;
      }
      events.feed(chatBytes);
      byte[] reshaped = out.toByteArray();
      out.reset();
      return reshaped;
    }

    private void reshape(SseEvent event) {
      JsonNode chunk = event.dataIs("[DONE]") ? null : tree(event.data());
      if (chunk == null || chunk.has("error")) {
        write(event.data());
        return;
      }
      ObjectNode out = header(chunk);
      ArrayNode choices = out.putArray("choices");
      for (JsonNode choice : chunk.path("choices")) {
        String text = choice.path("delta").path("content").asText("");
        if (!text.isEmpty() || !choice.path("finish_reason").isNull()) {
          choices.add(choice(choice.path("index").asInt(), text, choice.get("finish_reason")));
        }
      }
      if (choices.isEmpty() && !chunk.path("choices").isEmpty()) {
        return; // only a role: nothing a completions client reads
      }
      if (chunk.has("usage")) {
        out.set("usage", chunk.get("usage"));
      }
      write(GeminiJson.bytes(out));
    }

    private void write(byte[] data) {
      out.writeBytes("data: ".getBytes(StandardCharsets.UTF_8));
      out.writeBytes(data);
      out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
