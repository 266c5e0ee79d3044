package dev.tollgate.metering.rollup;

import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of {@link RollupKey} and {@link RollupTotals} in the repartition topic and the window stores: the JSON
 * of the shared mapper ({@link JsonSerde}), byte for byte, without the mapper. Every event goes through them about
 * a dozen times (the repartition topic, then a read and a write of two windows, whose store serializes the key at
 * each access), which made them the largest part of the stream thread's time once the events' own JSON was cheap.
 *
 * <p>They write and read the mapper's shape directly: fields in record order, numbers in decimal, text that needs
 * no escape. A key with other text is written by the mapper, and bytes in any other shape (older or newer fields,
 * another order, escapes) are read by the mapper, which also words every error.
 */
public final class RollupSerdes {

  private static final JsonSerde<RollupKey> MAPPED_KEYS = JsonSerde.of(RollupKey.class);
  private static final JsonSerde<RollupTotals> MAPPED_TOTALS = JsonSerde.of(RollupTotals.class);
  private static final Serializer<RollupKey> MAPPER_KEY_WRITER = MAPPED_KEYS.serializer();
  private static final Deserializer<RollupKey> MAPPER_KEY_READER = MAPPED_KEYS.deserializer();
  private static final Deserializer<RollupTotals> MAPPER_TOTALS_READER = MAPPED_TOTALS.deserializer();

  private static final byte[][] KEY_PARTS = ascii("{\"tenant\":\"", "\",\"key_id\":\"", "\",\"model_alias\":\"", "\"}");
  private static final byte[][] TOTALS_PARTS = ascii(
      "{\"requests\":", ",\"tokens\":{\"prompt\":", ",\"completion\":", ",\"cached_prompt\":", ",\"reasoning\":",
      ",\"cache_write_tokens\":", "},\"cost\":{\"input_nano_usd\":", ",\"output_nano_usd\":",
      ",\"cached_input_nano_usd\":", ",\"reasoning_nano_usd\":", ",\"cache_write_nano_usd\":", "}}");
  private static final int TOTALS_LENGTH = Arrays.stream(TOTALS_PARTS).mapToInt(part -> part.length).sum();
  private static final int LONG_DIGITS = 19;
  private static final int LONG_CHARS = 20;

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
    String[] texts = {key.tenant(), key.keyId(), key.modelAlias()};
    int length = 0;
    for (int i = 0; i < texts.length; i++) {
      if (!isPlain(texts[i])) {
        return MAPPER_KEY_WRITER.serialize(null, key);
      }
      length += KEY_PARTS[i].length + texts[i].length();
    }
    byte[] bytes = new byte[length + KEY_PARTS[3].length];
    int at = 0;
    for (int i = 0; i < texts.length; i++) {
      at = put(KEY_PARTS[i], bytes, at);
      String text = texts[i];
      for (int c = 0; c < text.length(); c++) {
        bytes[at++] = (byte) text.charAt(c);
      }
    }
    put(KEY_PARTS[3], bytes, at);
    return bytes;
  }

  static RollupKey readKey(byte[] bytes) {
    String[] texts = new String[3];
    int at = 0;
    for (int i = 0; i < texts.length && at >= 0; i++) {
      at = expect(KEY_PARTS[i], bytes, at);
      int start = at;
      while (at >= 0 && at < bytes.length && bytes[at] != '"') {
        at = isPlain(bytes[at]) ? at + 1 : -1;
      }
      if (at >= 0) {
        texts[i] = new String(bytes, start, at - start, StandardCharsets.US_ASCII);
      }
    }
    if (at >= 0 && expect(KEY_PARTS[3], bytes, at) == bytes.length) {
      return new RollupKey(texts[0], texts[1], texts[2]);
    }
    return MAPPER_KEY_READER.deserialize(null, bytes);
  }

  static byte[] writeTotals(RollupTotals totals) {
    long[] values = values(totals);
    byte[] buffer = new byte[TOTALS_LENGTH + values.length * LONG_CHARS];
    int at = 0;
    for (int i = 0; i < values.length; i++) {
      at = put(TOTALS_PARTS[i], buffer, at);
      at = putLong(values[i], buffer, at);
    }
    at = put(TOTALS_PARTS[values.length], buffer, at);
    return Arrays.copyOf(buffer, at);
  }

  static RollupTotals readTotals(byte[] bytes) {
    long[] values = new long[TOTALS_PARTS.length - 1];
    int at = 0;
    for (int i = 0; i < values.length && at >= 0; i++) {
      at = expect(TOTALS_PARTS[i], bytes, at);
      int start = at;
      long value = 0;
      while (at >= 0 && at < bytes.length && bytes[at] >= '0' && bytes[at] <= '9') {
        value = value * 10 + (bytes[at] - '0');
        // at most 18 digits here, so no overflow; longer numbers are the mapper's
        at = at - start < LONG_DIGITS - 1 ? at + 1 : -1;
      }
      // no leading zero, at least one digit
      if (at >= 0 && (at == start || bytes[start] == '0' && at - start > 1)) {
        at = -1;
      }
      values[i] = value;
    }
    if (at >= 0 && expect(TOTALS_PARTS[values.length], bytes, at) == bytes.length) {
      try {
        return new RollupTotals(values[0], new TokenCounts(values[1], values[2], values[3], values[4], values[5]),
            new Cost(values[6], values[7], values[8], values[9], values[10]));
      } catch (IllegalArgumentException invalid) {
        // the mapper words it
      }
    }
    return MAPPER_TOTALS_READER.deserialize(null, bytes);
  }

  private static long[] values(RollupTotals totals) {
    TokenCounts tokens = totals.tokens();
    Cost cost = totals.cost();
    return new long[] {
      totals.requests(),
      tokens.prompt(), tokens.completion(), tokens.cachedPrompt(), tokens.reasoning(), tokens.cacheWriteTokens(),
      cost.inputNanoUsd(), cost.outputNanoUsd(), cost.cachedInputNanoUsd(), cost.reasoningNanoUsd(),
      cost.cacheWriteNanoUsd()
    };
  }

  /** Text the mapper writes as it is: printable ASCII without a quote or a backslash. */
  private static boolean isPlain(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static boolean isPlain(byte b) {
    return b >= 0x20 && b <= 0x7e && b != '\\';
  }

  /** The position after {@code part} if {@code bytes} hold it at {@code at}, else -1. */
  private static int expect(byte[] part, byte[] bytes, int at) {
    if (at < 0 || at + part.length > bytes.length) {
      return -1;
    }
    for (int i = 0; i < part.length; i++) {
      if (bytes[at + i] != part[i]) {
        return -1;
      }
    }
    return at + part.length;
  }

  private static int put(byte[] part, byte[] bytes, int at) {
    System.arraycopy(part, 0, bytes, at, part.length);
    return at + part.length;
  }

  /** Writes a value as the mapper does (every value here is at least 0). */
  private static int putLong(long value, byte[] bytes, int at) {
    if (value < 0) {
      byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      return put(text, bytes, at);
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (int i = at + digits - 1; i >= at; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + digits;
  }

  private static byte[][] ascii(String... parts) {
    byte[][] bytes = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = parts[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }
}
