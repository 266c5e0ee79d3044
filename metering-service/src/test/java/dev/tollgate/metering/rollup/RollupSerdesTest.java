package dev.tollgate.metering.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class RollupSerdesTest {

  private static final Serde<RollupKey> MAPPED_KEYS = JsonSerde.of(RollupKey.class);
  private static final Serde<RollupTotals> MAPPED_TOTALS = JsonSerde.of(RollupTotals.class);
  private static final Serde<RollupKey> KEYS = RollupSerdes.keys();
  private static final Serde<RollupTotals> TOTALS = RollupSerdes.totals();
  private static final List<String> TEXTS =
      List.of("acme", "key 1", "gpt-4o", "é\"\\/\u2603\uD83D\uDE00", "tab\tnew\nline\u0001\u007f", "\u2028");

  @Test
  void shouldWriteAndReadWhatTheSharedMapperDoes() {
    SplittableRandom random = new SplittableRandom(3L);
    for (int i = 0; i < 5_000; i++) {
      RollupKey key = new RollupKey(text(random), text(random), random.nextInt(20) == 0 ? null : text(random));
      RollupTotals totals = new RollupTotals(random.nextLong(0, Long.MAX_VALUE),
          new TokenCounts(count(random), count(random), count(random), count(random), count(random)),
          new Cost(count(random), count(random), count(random), count(random), count(random)));

      byte[] keyBytes = MAPPED_KEYS.serializer().serialize("t", key);
      byte[] totalsBytes = MAPPED_TOTALS.serializer().serialize("t", totals);

      assertArrayEquals(keyBytes, KEYS.serializer().serialize("t", key));
      assertArrayEquals(totalsBytes, TOTALS.serializer().serialize("t", totals));
      assertEquals(key, RollupSerdes.readKey(keyBytes));
      assertEquals(totals, RollupSerdes.readTotals(totalsBytes));
    }
  }

  @Test
  void shouldReadOtherShapesAsTheMapperDoes() {
    List<String> keys = List.of(
        "{\"model_alias\":\"m\",\"tenant\":\"t\",\"key_id\":\"k\",\"extra\":{\"a\":[1,2]}}",
        "{\"tenant\":\"t\"}",
        "{\"tenant\":5,\"key_id\":\"k\",\"model_alias\":\"m\"}");
    for (String json : keys) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      assertEquals(MAPPED_KEYS.deserializer().deserialize("t", bytes), KEYS.deserializer().deserialize("t", bytes));
    }
    List<String> totals = List.of(
        // written before cache writes were counted
        "{\"requests\":2,\"tokens\":{\"prompt\":5,\"completion\":6,\"cached_prompt\":1,\"reasoning\":0},"
            + "\"cost\":{\"input_nano_usd\":7,\"output_nano_usd\":8,\"cached_input_nano_usd\":1,"
            + "\"reasoning_nano_usd\":0}}",
        "{\"cost\":{\"reasoning_nano_usd\":0,\"cached_input_nano_usd\":1,\"output_nano_usd\":8,\"input_nano_usd\":7,"
            + "\"cache_write_nano_usd\":null,\"new\":[]},\"tokens\":{\"prompt\":5,\"completion\":6,"
            + "\"cached_prompt\":1,\"reasoning\":0,\"cache_write_tokens\":3},\"requests\":\"2\",\"x\":null}");
    for (String json : totals) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      assertEquals(MAPPED_TOTALS.deserializer().deserialize("t", bytes),
          TOTALS.deserializer().deserialize("t", bytes));
    }
  }

  @Test
  void shouldFailAsTheMapperDoes() {
    List<String> broken = List.of(
        "{\"requests\":1,\"tokens\":{\"prompt\":-1,\"completion\":0,\"cached_prompt\":0,\"reasoning\":0},"
            + "\"cost\":{\"input_nano_usd\":0,\"output_nano_usd\":0,\"cached_input_nano_usd\":0,"
            + "\"reasoning_nano_usd\":0}}",
        "{\"tokens\":{\"prompt\":1,\"completion\":0,\"cached_prompt\":0,\"reasoning\":0}}",
        "{\"requests\":1,",
        "[]");
    for (String json : broken) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      SerializationException expected = assertThrows(SerializationException.class,
          () -> MAPPED_TOTALS.deserializer().deserialize("t", bytes));
      SerializationException actual =
          assertThrows(SerializationException.class, () -> TOTALS.deserializer().deserialize("t", bytes));
      assertEquals(expected.getMessage(), actual.getMessage());
    }
  }

  @Test
  void shouldKeepNullsAsTombstones() {
    assertNull(KEYS.serializer().serialize("t", null));
    assertNull(TOTALS.deserializer().deserialize("t", null));
  }

  private static String text(SplittableRandom random) {
    return TEXTS.get(random.nextInt(TEXTS.size())) + random.nextInt(1_000);
  }

  private static long count(SplittableRandom random) {
    return random.nextBoolean() ? random.nextLong(0, 10_000) : random.nextLong(0, Long.MAX_VALUE);
  }
}
