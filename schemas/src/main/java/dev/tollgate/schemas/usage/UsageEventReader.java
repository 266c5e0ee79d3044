package dev.tollgate.schemas.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.json.JsonSerde;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@link UsageEvent} from its JSON with a streaming parser, for consumers that read one per request (the
 * metering job). It gives exactly what the shared mapper ({@link JsonSerde#of(Class) JsonSerde.of(UsageEvent.class)})
 * gives, several times faster: it reads the fields it knows by name, skips unknown ones (written by a newer
 * producer) and builds the records through their constructors, so the validation is the same.
 *
 * <p>It handles the shape the schema describes. Anything else (a missing or null primitive, a number written as a
 * string, an enum in another case, an instant not in the {@code 2026-03-01T12:00:00.250Z} form, a field given
 * twice, a value the constructors refuse, malformed JSON) is read again by the shared mapper, so the result, or the
 * {@link SerializationException} and its message, are the mapper's.
 */
public final class UsageEventReader {

  private static final JsonSerde<UsageEvent> MAPPER = JsonSerde.of(UsageEvent.class);
  private static final Deserializer<UsageEvent> MAPPED = MAPPER.deserializer();
  // the mapper's factory, so the parser has the same features and limits
  private static final JsonFactory FACTORY = Json.mapper().getFactory();

  private UsageEventReader() {}

  /**
   * A Kafka deserializer of usage events; null bytes (a tombstone) read as null.
   *
   * @return a stateless deserializer, safe to share
   */
  public static Deserializer<UsageEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  /**
   * Reads one event.
   *
   * @param bytes UTF-8 JSON
   * @return the event, equal to what the shared mapper reads
   * @throws SerializationException as the shared mapper does, naming the field
   */
  public static UsageEvent read(byte[] bytes) {
    UsageEvent event = readCommonShape(bytes);
    // the mapper reads what the fast path does not, and words every error
    return event != null ? event : MAPPED.deserialize(null, bytes);
  }

  /** The event, or null when {@code bytes} are not in the shape the fast path handles (or not valid). */
  static UsageEvent readCommonShape(byte[] bytes) {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      return readEvent(parser);
    } catch (IOException | RuntimeException unusual) {
      return null;
    }
  }

  /** The event, or null when this shape is not the one the fast path handles. */
  private static UsageEvent readEvent(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    int seen = 0;
    int schemaVersion = 0;
    String requestId = null;
    String tenant = null;
    String keyId = null;
    Endpoint endpoint = null;
    String modelAlias = null;
    String provider = null;
    String deployment = null;
    String upstreamModel = null;
    int attempt = 0;
    TokenCounts tokens = null;
    UsageSource usageSource = null;
    Outcome outcome = null;
    int httpStatus = 0;
    boolean stream = false;
    Instant startedAt = null;
    Instant finishedAt = null;
    long latencyMs = 0;
    Long ttftMs = null;
    String edgeId = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      int field = Field.indexOf(name);
      if (field < 0) {
        p.skipChildren();
        continue;
      }
      if ((seen & (1 << field)) != 0) {
        return null;
      }
      seen |= 1 << field;
      switch (field) {
        case Field.SCHEMA_VERSION -> schemaVersion = intValue(p, value);
        case Field.REQUEST_ID -> requestId = text(p, value);
        case Field.TENANT -> tenant = text(p, value);
        case Field.KEY_ID -> keyId = text(p, value);
        case Field.ENDPOINT -> endpoint = endpoint(text(p, value));
        case Field.MODEL_ALIAS -> modelAlias = text(p, value);
        case Field.PROVIDER -> provider = text(p, value);
        case Field.DEPLOYMENT -> deployment = text(p, value);
        case Field.UPSTREAM_MODEL -> upstreamModel = text(p, value);
        case Field.ATTEMPT -> attempt = intValue(p, value);
        case Field.TOKENS -> tokens = tokens(p, value);
        case Field.USAGE_SOURCE -> usageSource = usageSource(text(p, value));
        case Field.OUTCOME -> outcome = outcome(text(p, value));
        case Field.HTTP_STATUS -> httpStatus = intValue(p, value);
        case Field.STREAM -> stream = bool(value);
        case Field.STARTED_AT -> startedAt = instant(p, value);
        case Field.FINISHED_AT -> finishedAt = instant(p, value);
        case Field.LATENCY_MS -> latencyMs = longValue(p, value);
        case Field.TTFT_MS -> ttftMs = value == JsonToken.VALUE_NULL ? null : longValue(p, value);
        case Field.EDGE_ID -> edgeId = text(p, value);
        default -> throw new Unusual();
      }
    }
    if ((seen & Field.PRIMITIVES) != Field.PRIMITIVES) {
      return null;
    }
    return new UsageEvent(schemaVersion, requestId, tenant, keyId, endpoint, modelAlias, provider, deployment,
        upstreamModel, attempt, tokens, usageSource, outcome, httpStatus, stream, startedAt, finishedAt, latencyMs,
        ttftMs, edgeId);
  }

  private static TokenCounts tokens(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.START_OBJECT) {
      throw new Unusual();
    }
    int seen = 0;
    long prompt = 0;
    long completion = 0;
    long cachedPrompt = 0;
    long reasoning = 0;
    Long cacheWrite = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      int field =
          switch (name) {
            case "prompt" -> 0;
            case "completion" -> 1;
            case "cached_prompt" -> 2;
            case "reasoning" -> 3;
            case "cache_write_tokens" -> 4;
            default -> -1;
          };
      if (field < 0) {
        p.skipChildren();
        continue;
      }
      if ((seen & (1 << field)) != 0) {
        throw new Unusual();
      }
      seen |= 1 << field;
      switch (field) {
        case 0 -> prompt = longValue(p, token);
        case 1 -> completion = longValue(p, token);
        case 2 -> cachedPrompt = longValue(p, token);
        case 3 -> reasoning = longValue(p, token);
        default -> cacheWrite = token == JsonToken.VALUE_NULL ? null : longValue(p, token);
      }
    }
    // the four counts are primitives, so required
    if ((seen & 0b1111) != 0b1111) {
      throw new Unusual();
    }
    return new TokenCounts(prompt, completion, cachedPrompt, reasoning, cacheWrite);
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new Unusual();
  }

  private static int intValue(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
      throw new Unusual();
    }
    return p.getIntValue();
  }

  private static long longValue(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new Unusual();
    }
    return p.getLongValue();
  }

  private static boolean bool(JsonToken value) {
    if (value == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (value == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw new Unusual();
  }

  private static Instant instant(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new Unusual();
    }
    return UtcInstants.parse(p.getText());
  }

  private static Endpoint endpoint(String wire) {
    if (wire == null) {
      return null;
    }
    return switch (wire) {
      case "chat_completions" -> Endpoint.CHAT_COMPLETIONS;
      case "completions" -> Endpoint.COMPLETIONS;
      case "embeddings" -> Endpoint.EMBEDDINGS;
      default -> throw new Unusual();
    };
  }

  private static UsageSource usageSource(String wire) {
    if (wire == null) {
      return null;
    }
    return switch (wire) {
      case "provider" -> UsageSource.PROVIDER;
      case "estimated" -> UsageSource.ESTIMATED;
      default -> throw new Unusual();
    };
  }

  private static Outcome outcome(String wire) {
    if (wire == null) {
      return null;
    }
    return switch (wire) {
      case "ok" -> Outcome.OK;
      case "client_cancelled" -> Outcome.CLIENT_CANCELLED;
      case "upstream_error" -> Outcome.UPSTREAM_ERROR;
      case "rejected" -> Outcome.REJECTED;
      default -> throw new Unusual();
    };
  }

  /** The event's fields by position, and which of them are primitives (required by the mapper). */
  private static final class Field {
    static final int SCHEMA_VERSION = 0;
    static final int REQUEST_ID = 1;
    static final int TENANT = 2;
    static final int KEY_ID = 3;
    static final int ENDPOINT = 4;
    static final int MODEL_ALIAS = 5;
    static final int PROVIDER = 6;
    static final int DEPLOYMENT = 7;
    static final int UPSTREAM_MODEL = 8;
    static final int ATTEMPT = 9;
    static final int TOKENS = 10;
    static final int USAGE_SOURCE = 11;
    static final int OUTCOME = 12;
    static final int HTTP_STATUS = 13;
    static final int STREAM = 14;
    static final int STARTED_AT = 15;
    static final int FINISHED_AT = 16;
    static final int LATENCY_MS = 17;
    static final int TTFT_MS = 18;
    static final int EDGE_ID = 19;
    static final int PRIMITIVES =
        1 << SCHEMA_VERSION | 1 << ATTEMPT | 1 << HTTP_STATUS | 1 << STREAM | 1 << LATENCY_MS;

    static int indexOf(String name) {
      return switch (name) {
        case "schema_version" -> SCHEMA_VERSION;
        case "request_id" -> REQUEST_ID;
        case "tenant" -> TENANT;
        case "key_id" -> KEY_ID;
        case "endpoint" -> ENDPOINT;
        case "model_alias" -> MODEL_ALIAS;
        case "provider" -> PROVIDER;
        case "deployment" -> DEPLOYMENT;
        case "upstream_model" -> UPSTREAM_MODEL;
        case "attempt" -> ATTEMPT;
        case "tokens" -> TOKENS;
        case "usage_source" -> USAGE_SOURCE;
        case "outcome" -> OUTCOME;
        case "http_status" -> HTTP_STATUS;
        case "stream" -> STREAM;
        case "started_at" -> STARTED_AT;
        case "finished_at" -> FINISHED_AT;
        case "latency_ms" -> LATENCY_MS;
        case "ttft_ms" -> TTFT_MS;
        case "edge_id" -> EDGE_ID;
        default -> -1;
      };
    }
  }

  /** A shape the fast path leaves to the mapper; cheap, since it carries no stack trace. */
  private static final class Unusual extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unusual() {
      super(null, null, false, false);
    }
  }
}
