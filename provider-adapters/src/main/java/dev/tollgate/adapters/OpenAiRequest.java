package dev.tollgate.adapters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.adapters.json.JsonMembers.Member;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A client's request to an OpenAI endpoint: the few fields the gateway acts on, parsed and validated, and the
 * original body, from which translators copy every other field untouched ({@code tools}, {@code tool_choice},
 * {@code response_format}, {@code stop}, {@code logprobs}, {@code seed}, {@code user} …). Immutable.
 */
public final class OpenAiRequest {
  private final OpenAiEndpoint endpoint;
  private final byte[] body;
  private final JsonMembers members;
  private final String model;
  private final boolean stream;
  private final boolean includeUsage;
  private final Integer maxTokens;
  private final int n;

  private OpenAiRequest(OpenAiEndpoint endpoint, byte[] body, JsonMembers members, Fields fields) {
    this.endpoint = endpoint;
    this.body = body;
    this.members = members;
    this.model = fields.model;
    this.stream = fields.stream;
    this.includeUsage = fields.includeUsage;
    this.maxTokens = fields.maxTokens;
    this.n = fields.n;
  }

  /**
   * Parses and validates a request body. Only what the gateway needs is read; the rest is checked for being JSON.
   *
   * @param endpoint the endpoint the body was sent to
   * @param body the request body; copied
   * @return the request
   * @throws InvalidRequestException for malformed JSON, a missing {@code model} or input, or a field of the wrong
   *     type, naming the parameter at fault
   */
  public static OpenAiRequest parse(OpenAiEndpoint endpoint, byte[] body) throws InvalidRequestException {
    Objects.requireNonNull(endpoint, "endpoint");
    byte[] copy = body.clone();
    JsonMembers members;
    try {
      members = JsonMembers.scan(copy);
    } catch (IOException e) {
      // the parser's message can quote the body; it is not repeated to the client
      throw new InvalidRequestException(
          "We could not parse the JSON body of your request. The API expects a JSON object.", null);
    }
    return new OpenAiRequest(endpoint, copy, members, RequestFields.read(endpoint, members));
  }

  /**
   * The endpoint.
   *
   * @return it
   */
  public OpenAiEndpoint endpoint() {
    return endpoint;
  }

  /**
   * The model the client asked for: the public alias.
   *
   * @return the {@code model} field
   */
  public String model() {
    return model;
  }

  /**
   * Whether the client asked for a stream.
   *
   * @return the {@code stream} field; false when absent or null
   */
  public boolean stream() {
    return stream;
  }

  /**
   * Whether the client asked for the usage chunk of a stream.
   *
   * @return {@code stream_options.include_usage}; false when absent or null
   */
  public boolean includeUsage() {
    return includeUsage;
  }

  /**
   * The output limit the client set.
   *
   * @return {@code max_completion_tokens}, else {@code max_tokens}; empty when neither is set
   */
  public OptionalInt maxTokens() {
    return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
  }

  /**
   * How many choices the client asked for.
   *
   * @return {@code n}; 1 when absent
   */
  public int n() {
    return n;
  }

  /**
   * The body exactly as the client sent it.
   *
   * @return a copy of the bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The raw JSON of a top-level member, byte for byte, for translators that rebuild the body in another shape.
   *
   * @param name the member's name
   * @return a copy of its value's bytes, or empty when absent
   */
  public Optional<byte[]> member(String name) {
    return members.get(name).map(members::raw);
  }

  /**
   * The body with some top-level members replaced, removed or added, and every other byte as the client sent it.
   *
   * @param changes member names to raw JSON values; a null value removes the member
   * @return the new body
   */
  public byte[] rewrite(Map<String, String> changes) {
    return members.rewrite(changes);
  }

  @Override
  public String toString() {
    // bodies may hold personal data: never printed
    return "OpenAiRequest[" + endpoint + ", model=" + model + ", stream=" + stream + ", bytes=" + body.length + "]";
  }

  /** What {@link RequestFields} reads; mutable only while parsing. */
  static final class Fields {
    String model;
    boolean stream;
    boolean includeUsage;
    Integer maxTokens;
    int n = 1;
  }

  /** Rejects a body with a top-level name twice: a proxy and its upstream could read different values. */
  static void rejectDuplicates(JsonMembers members) throws InvalidRequestException {
    Set<String> seen = new HashSet<>();
    for (Member m : members.all()) {
      if (!seen.add(m.name())) {
        throw new InvalidRequestException("Duplicate parameter: '" + m.name() + "'.", m.name());
      }
    }
  }

  static boolean isEmptyArray(JsonMembers members, Member m) throws IOException {
    try (JsonParser parser = members.parse(m)) {
      return parser.nextToken() == JsonToken.START_ARRAY && parser.nextToken() == JsonToken.END_ARRAY;
    }
  }

  static String describe(JsonToken kind) {
    return switch (kind) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> String.valueOf(kind);
    };
  }
}
