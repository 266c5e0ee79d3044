package dev.tollgate.adapters;

import static dev.tollgate.adapters.OpenAiRequest.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.adapters.json.JsonMembers.Member;
import java.io.IOException;
import java.util.Optional;

/** Reads and validates the fields the gateway acts on, with OpenAI's wording for what is wrong. */
final class RequestFields {
  private final JsonMembers members;

  private RequestFields(JsonMembers members) {
    this.members = members;
  }

  static OpenAiRequest.Fields read(OpenAiEndpoint endpoint, JsonMembers members) throws InvalidRequestException {
    OpenAiRequest.rejectDuplicates(members);
    RequestFields reader = new RequestFields(members);
    try {
      return reader.fields(endpoint);
    } catch (IOException e) {
      throw new InvalidRequestException("We could not parse the JSON body of your request.", null);
    }
  }

  private OpenAiRequest.Fields fields(OpenAiEndpoint endpoint) throws IOException, InvalidRequestException {
    OpenAiRequest.Fields fields = new OpenAiRequest.Fields();
    Member model = required("model");
    expect(model, "a string", JsonToken.VALUE_STRING);
    fields.model = members.string(model);
    if (fields.model.isBlank()) {
      throw new InvalidRequestException("Invalid 'model': empty string.", "model");
    }
    input(endpoint);
    // embeddings never stream: their stream fields are left to the upstream to refuse
    fields.stream = endpoint.streams() && bool("stream");
    Optional<Member> options = optional("stream_options");
    if (endpoint.streams() && options.isPresent()) {
      expect(options.get(), "an object", JsonToken.START_OBJECT);
      fields.includeUsage = includeUsage(JsonMembers.scan(members.raw(options.get())));
    }
    Integer maxCompletion = positive("max_completion_tokens");
    fields.maxTokens = maxCompletion != null ? maxCompletion : positive("max_tokens");
    Integer n = positive("n");
    fields.n = n == null ? 1 : n;
    return fields;
  }

  private void input(OpenAiEndpoint endpoint) throws IOException, InvalidRequestException {
    String name = endpoint.inputField();
    Member input = required(name);
    if (endpoint == OpenAiEndpoint.CHAT_COMPLETIONS) {
      if (input.kind() != JsonToken.START_ARRAY) {
        throw new InvalidRequestException("Invalid type for 'messages': expected an array of objects, but got "
            + describe(input.kind()) + " instead.", "messages");
      }
      if (OpenAiRequest.isEmptyArray(members, input)) {
        throw new InvalidRequestException("Invalid 'messages': empty array. Expected an array with minimum length 1,"
            + " but got an empty array instead.", "messages");
      }
    } else {
      expect(input, "a string or an array", JsonToken.VALUE_STRING, JsonToken.START_ARRAY);
    }
  }

  private static boolean includeUsage(JsonMembers options) throws InvalidRequestException {
    Optional<Member> include = options.get("include_usage");
    if (include.isEmpty() || include.get().kind() == JsonToken.VALUE_NULL) {
      return false;
    }
    JsonToken kind = include.get().kind();
    if (kind != JsonToken.VALUE_TRUE && kind != JsonToken.VALUE_FALSE) {
      throw new InvalidRequestException("Invalid type for 'stream_options.include_usage': expected a boolean, but got "
          + describe(kind) + " instead.", "stream_options.include_usage");
    }
    return kind == JsonToken.VALUE_TRUE;
  }

  private Member required(String name) throws InvalidRequestException {
    Optional<Member> member = members.get(name);
    if (member.isEmpty() || member.get().kind() == JsonToken.VALUE_NULL) {
      throw new InvalidRequestException("Missing required parameter: '" + name + "'.", name);
    }
    return member.get();
  }

  private Optional<Member> optional(String name) {
    return members.get(name).filter(m -> m.kind() != JsonToken.VALUE_NULL);
  }

  private boolean bool(String name) throws InvalidRequestException {
    Optional<Member> member = optional(name);
    if (member.isEmpty()) {
      return false;
    }
    expect(member.get(), "a boolean", JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE);
    return member.get().kind() == JsonToken.VALUE_TRUE;
  }

  private Integer positive(String name) throws IOException, InvalidRequestException {
    Optional<Member> member = optional(name);
    if (member.isEmpty()) {
      return null;
    }
    expect(member.get(), "an integer", JsonToken.VALUE_NUMBER_INT);
    try (JsonParser parser = members.parse(member.get())) {
      parser.nextToken();
      if (parser.getNumberType() != JsonParser.NumberType.INT) {
        throw new InvalidRequestException(
            "Invalid '" + name + "': integer above maximum value.", name);
      }
      int value = parser.getIntValue();
      if (value < 1) {
        throw new InvalidRequestException("Invalid '" + name + "': integer below minimum value. Expected a value >= 1,"
            + " but got " + value + " instead.", name);
      }
      return value;
    }
  }

  private static void expect(Member member, String expected, JsonToken... kinds) throws InvalidRequestException {
    for (JsonToken kind : kinds) {
      if (member.kind() == kind) {
        return;
      }
    }
    throw new InvalidRequestException("Invalid type for '" + member.name() + "': expected " + expected
        + ", but got " + describe(member.kind()) + " instead.", member.name());
  }
}
