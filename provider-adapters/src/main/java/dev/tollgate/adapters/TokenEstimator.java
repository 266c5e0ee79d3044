package dev.tollgate.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Counts tokens the way OpenAI's models do, for when a provider does not say: {@code o200k_base} for the GPT-4o
 * family and later ({@code gpt-4o}, {@code gpt-4.1}, {@code gpt-5}, the {@code o} series), {@code cl100k_base}
 * otherwise. Chat prompts follow OpenAI's cookbook ("How to count tokens with tiktoken"): 3 tokens per message, 1
 * more per {@code name}, 3 to prime the reply; tool definitions are not counted. Thread-safe.
 */
public final class TokenEstimator {
  /** Tokens every chat message costs besides its text. */
  public static final int TOKENS_PER_MESSAGE = 3;
  /** Tokens a {@code name} on a message costs besides its text. */
  public static final int TOKENS_PER_NAME = 1;
  /** Tokens that prime the assistant's reply. */
  public static final int REPLY_PRIMING_TOKENS = 3;
  /** Tokens counted for an image part, whatever its size (OpenAI's low-detail price). */
  public static final int TOKENS_PER_IMAGE = 85;

  private static final Pattern O200K_MODEL =
      Pattern.compile("(^|[/:])(gpt-4o|chatgpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|gpt-oss|o[1-9])");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Encoding encoding;

  private TokenEstimator(Encoding encoding) {
    this.encoding = encoding;
  }

  /**
   * Loads both encodings now. Loading one takes seconds on a cold JVM; a server calls this before it serves, so
   * the first request does not pay for it on an event loop.
   */
  public static void preload() {
    forModel("gpt-4o").countText("");
    forModel("gpt-4").countText("");
  }

  /**
   * The estimator for a model name.
   *
   * @param model an upstream model name such as {@code gpt-4o-mini} or {@code llama-3-70b}
   * @return its estimator
   */
  public static TokenEstimator forModel(String model) {
    boolean o200k = model != null && O200K_MODEL.matcher(model.toLowerCase(Locale.ROOT)).find();
    return o200k ? Holder.O200K : Holder.CL100K;
  }

  /**
   * The tokenizer's name.
   *
   * @return {@code o200k_base} or {@code cl100k_base}
   */
  public String encodingName() {
    return encoding.getName();
  }

  /**
   * Tokens in a text. Special-token spellings such as {@code <|endoftext|>} count as ordinary text.
   *
   * @param text any text
   * @return its token count
   */
  public int countText(String text) {
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  /**
   * Tokens in a request's input: chat messages, a completions prompt, or embeddings input (strings, or arrays of
   * token ids counted one each).
   *
   * @param request a parsed request
   * @return the estimated prompt tokens
   */
  public long promptTokens(OpenAiRequest request) {
    OpenAiEndpoint endpoint = request.endpoint();
    JsonNode input = request.member(endpoint.inputField()).map(TokenEstimator::tree).orElse(null);
    if (input == null) {
      return 0;
    }
    return endpoint == OpenAiEndpoint.CHAT_COMPLETIONS ? messages(input) : plainInput(input);
  }

  private long messages(JsonNode messages) {
    long tokens = REPLY_PRIMING_TOKENS;
    for (JsonNode message : messages) {
      tokens += TOKENS_PER_MESSAGE;
      for (var field : message.properties()) {
        tokens += switch (field.getKey()) {
          case "content" -> content(field.getValue());
          case "tool_calls" -> toolCalls(field.getValue());
          case "function_call" -> function(field.getValue());
          case "name" -> TOKENS_PER_NAME + text(field.getValue());
          default -> text(field.getValue());
        };
      }
    }
    return tokens;
  }

  private long content(JsonNode content) {
    if (!content.isArray()) {
      return text(content);
    }
    long tokens = 0;
    for (JsonNode part : content) {
      String type = part.path("type").asText("");
      tokens += type.equals("image_url") || type.equals("image") ? TOKENS_PER_IMAGE : text(part.get("text"));
    }
    return tokens;
  }

  private long toolCalls(JsonNode calls) {
    long tokens = 0;
    for (JsonNode call : calls) {
      tokens += function(call.path("function"));
    }
    return tokens;
  }

  private long function(JsonNode function) {
    return text(function.get("name")) + text(function.get("arguments"));
  }

  private long plainInput(JsonNode input) {
    if (input.isTextual()) {
      return countText(input.asText());
    }
    long tokens = 0;
    for (JsonNode item : input) {
      tokens += item.isNumber() ? 1 : plainInput(item);
    }
    return tokens;
  }

  private long text(JsonNode node) {
    return node != null && node.isTextual() ? countText(node.asText()) : 0;
  }

  private static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      // the bytes were validated as JSON when the request was parsed
      throw new UncheckedIOException(e);
    }
  }

  /** Loads each tokenizer once, when first asked for. */
  private static final class Holder {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final TokenEstimator O200K = new TokenEstimator(REGISTRY.getEncoding(EncodingType.O200K_BASE));
    static final TokenEstimator CL100K = new TokenEstimator(REGISTRY.getEncoding(EncodingType.CL100K_BASE));
  }
}
