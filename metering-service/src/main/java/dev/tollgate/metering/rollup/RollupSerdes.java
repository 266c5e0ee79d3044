package dev.tollgate.metering.rollup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of {@link RollupKey} and {@link RollupTotals} in the repartition topic and the window stores: the JSON
 * of the shared mapper ({@link JsonSerde}), byte for byte, written and read with Jackson's streaming API. Every
 * event goes through them several times (the repartition topic, and a read and a write of two windows), and the
 * mapper's reflection made them a tenth of the stream thread's time. A shape the streaming reader does not expect
 * is read by the mapper, which also words every error.
 */
public final class RollupSerdes {

  private static final JsonFactory FACTORY = Json.mapper().getFactory();
  private static final Deserializer<RollupKey> MAPPED_KEYS = JsonSerde.of(RollupKey.class).deserializer();
  private static final Deserializer<RollupTotals> MAPPED_TOTALS = JsonSerde.of(RollupTotals.class).deserializer();
  private static final int TYPICAL_SIZE = 256;
  private static final String[] TOKEN_FIELDS =
      {"prompt", "completion", "cached_prompt", "reasoning", "cache_write_tokens"};
  private static final String[] COST_FIELDS =
      {"input_nano_usd", "output_nano_usd", "cached_input_nano_usd", "reasoning_nano_usd", "cache_write_nano_usd"};

  private RollupSerdes() {}

  /** The serde of rollup keys ({@code {"tenant":…,"key_id":…,"model_alias":…}}). */
  public static Serde<RollupKey> keys() {
    return Serdes.serdeFrom(
        (Serializer<RollupKey>) (topic, key) -> key == null ? null : writeKey(key),
        (topic, bytes) -> bytes == null ? null : readKey(bytes));
  }

  /** The serde of rollup totals ({@code {"requests":…,"tokens":{…},"cost":{…}}}). */
  public static Serde<RollupTotals> totals() {
    return Serdes.serdeFrom(
        (Serializer<RollupTotals>) (topic, totals) -> totals == null ? null : writeTotals(totals),
        (topic, bytes) -> bytes == null ? null : readTotals(bytes));
  }

  static byte[] writeKey(RollupKey key) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(TYPICAL_SIZE)) {
      try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
        json.writeStartObject();
        json.writeStringField("tenant", key.tenant());
        json.writeStringField("key_id", key.keyId());
        json.writeStringField("model_alias", key.modelAlias());
        json.writeEndObject();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("RollupKey: cannot write: " + e.getMessage(), e);
    }
  }

  static byte[] writeTotals(RollupTotals totals) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(TYPICAL_SIZE)) {
      try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
        json.writeStartObject();
        json.writeNumberField("requests", totals.requests());
        json.writeFieldName("tokens");
        TokenCounts tokens = totals.tokens();
        if (tokens == null) {
          json.writeNull();
        } else {
          json.writeStartObject();
          json.writeNumberField("prompt", tokens.prompt());
          json.writeNumberField("completion", tokens.completion());
          json.writeNumberField("cached_prompt", tokens.cachedPrompt());
          json.writeNumberField("reasoning", tokens.reasoning());
          json.writeNumberField("cache_write_tokens", tokens.cacheWriteTokens());
          json.writeEndObject();
        }
        json.writeFieldName("cost");
        Cost cost = totals.cost();
        if (cost == null) {
          json.writeNull();
        } else {
          json.writeStartObject();
          json.writeNumberField("input_nano_usd", cost.inputNanoUsd());
          json.writeNumberField("output_nano_usd", cost.outputNanoUsd());
          json.writeNumberField("cached_input_nano_usd", cost.cachedInputNanoUsd());
          json.writeNumberField("reasoning_nano_usd", cost.reasoningNanoUsd());
          json.writeNumberField("cache_write_nano_usd", cost.cacheWriteNanoUsd());
          json.writeEndObject();
        }
        json.writeEndObject();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("RollupTotals: cannot write: " + e.getMessage(), e);
    }
  }

  static RollupKey readKey(byte[] bytes) {
    RollupKey key;
    try (JsonParser p = FACTORY.createParser(bytes)) {
      key = p.nextToken() == JsonToken.START_OBJECT ? key(p) : null;
    } catch (IOException | RuntimeException unusual) {
      key = null;
    }
    return key != null ? key : MAPPED_KEYS.deserialize(null, bytes);
  }

  /** The key, or null when its shape is one for the mapper. */
  private static RollupKey key(JsonParser p) throws IOException {
    String[] values = new String[3];
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      int field = switch (name) {
        case "tenant" -> 0;
        case "key_id" -> 1;
        case "model_alias" -> 2;
        default -> -1;
      };
      if (field < 0) {
        p.skipChildren();
        continue;
      }
      if ((seen & (1 << field)) != 0 || value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
        return null;
      }
      seen |= 1 << field;
      values[field] = value == JsonToken.VALUE_NULL ? null : p.getText();
    }
    return new RollupKey(values[0], values[1], values[2]);
  }

  static RollupTotals readTotals(byte[] bytes) {
    RollupTotals totals;
    try (JsonParser p = FACTORY.createParser(bytes)) {
      totals = p.nextToken() == JsonToken.START_OBJECT ? totals(p) : null;
    } catch (IOException | RuntimeException unusual) {
      totals = null;
    }
    return totals != null ? totals : MAPPED_TOTALS.deserialize(null, bytes);
  }

  /** The totals, or null when their shape is one for the mapper. */
  private static RollupTotals totals(JsonParser p) throws IOException {
    long requests = 0;
    long[] tokens = null;
    long[] cost = null;
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      int field = switch (name) {
        case "requests" -> 0;
        case "tokens" -> 1;
        case "cost" -> 2;
        default -> -1;
      };
      if (field < 0) {
        p.skipChildren();
        continue;
      }
      if ((seen & (1 << field)) != 0) {
        return null;
      }
      seen |= 1 << field;
      switch (field) {
        case 0 -> {
          if (!isLong(p, value)) {
            return null;
          }
          requests = p.getLongValue();
        }
        case 1 -> tokens = fiveLongs(p, value, TOKEN_FIELDS);
        default -> cost = fiveLongs(p, value, COST_FIELDS);
      }
    }
    // requests is a primitive, so required; a null or odd tokens or cost is the mapper's to report
    if ((seen & 1) == 0 || tokens == null || cost == null) {
      return null;
    }
    return new RollupTotals(requests,
        new TokenCounts(tokens[0], tokens[1], tokens[2], tokens[3], tokens[4]),
        new Cost(cost[0], cost[1], cost[2], cost[3], cost[4]));
  }

  /**
   * An object of four required longs and a fifth one that may be absent or null (read as 0, as the records do), or
   * null when the object is shaped otherwise.
   */
  private static long[] fiveLongs(JsonParser p, JsonToken start, String[] names) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      return null;
    }
    long[] values = new long[5];
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      int field = -1;
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          field = i;
          break;
        }
      }
      if (field < 0) {
        p.skipChildren();
        continue;
      }
      if ((seen & (1 << field)) != 0) {
        return null;
      }
      seen |= 1 << field;
      if (field == 4 && value == JsonToken.VALUE_NULL) {
        continue;
      }
      if (!isLong(p, value)) {
        return null;
      }
      values[field] = p.getLongValue();
    }
    return (seen & 0b1111) == 0b1111 ? values : null;
  }

  private static boolean isLong(JsonParser p, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
  }
}
