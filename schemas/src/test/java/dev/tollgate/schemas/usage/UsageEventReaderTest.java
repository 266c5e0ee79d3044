package dev.tollgate.schemas.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UsageEventReaderTest {

  private static final JsonSerde<UsageEvent> MAPPER = JsonSerde.of(UsageEvent.class);

  @Test
  void shouldReadEveryRecordSampleAsTheMapperDoes() {
    List<UsageEvent> samples = RecordSamples.all().stream()
        .filter(sample -> sample.type() == UsageEvent.class)
        .map(sample -> (UsageEvent) sample.value())
        .toList();
    assertTrue(samples.size() >= 2, "the samples hold usage events");

    for (UsageEvent sample : samples) {
      assertSameAsMapper(Json.write(sample));
      assertEquals(sample, UsageEventReader.readCommonShape(Json.write(sample)));
    }
  }

  @Test
  void shouldReadManyRandomEventsAsTheMapperDoes() {
    SplittableRandom random = new SplittableRandom(20_261_123L);
    for (int i = 0; i < 5_000; i++) {
      UsageEvent event = randomEvent(random);
      byte[] bytes = Json.write(event);

      assertEquals(event, UsageEventReader.readCommonShape(bytes));
      assertSameAsMapper(bytes);
    }
  }

  @Test
  void shouldReadAnEventFromBeforeCacheWritesWereCounted() {
    byte[] bytes = usageWith(json -> ((ObjectNode) json.get("tokens")).remove("cache_write_tokens"));

    UsageEvent event = UsageEventReader.readCommonShape(bytes);

    assertEquals(0L, event.tokens().cacheWriteTokens());
    assertSameAsMapper(bytes);
  }

  @Test
  void shouldIgnoreFieldsAddedByANewerProducer() {
    byte[] bytes = usageWith(json -> {
      json.put("schema_version", 2);
      json.putObject("routing").put("region", "eu").putArray("tried").add("a").addObject().put("x", 1);
      json.putArray("tags").add(1).add("two").addNull();
      ((ObjectNode) json.get("tokens")).put("audio", 12).putObject("details").put("image", 3);
      json.put("cost_hint", 1.5);
    });

    UsageEvent event = UsageEventReader.readCommonShape(bytes);

    assertEquals(RecordSamples.usageEvent().requestId(), event.requestId());
    assertEquals(2, event.schemaVersion());
    assertSameAsMapper(bytes);
  }

  @Test
  void shouldReadFieldsInAnyOrderWithNullsForOptionalOnes() {
    String json = "{\"edge_id\":\"e\",\"ttft_ms\":null,\"latency_ms\":0,\"finished_at\":\"2026-03-01T00:00:00Z\","
        + "\"started_at\":\"2026-03-01T00:00:00Z\",\"stream\":false,\"http_status\":429,\"outcome\":\"rejected\","
        + "\"usage_source\":\"estimated\",\"tokens\":{\"reasoning\":0,\"cached_prompt\":0,\"completion\":0,"
        + "\"prompt\":0,\"cache_write_tokens\":null},\"attempt\":0,\"upstream_model\":null,\"deployment\":null,"
        + "\"provider\":null,\"model_alias\":\"m\",\"endpoint\":\"completions\",\"key_id\":\"k\",\"tenant\":\"t\","
        + "\"request_id\":\"r\",\"schema_version\":1}";

    UsageEvent event = UsageEventReader.readCommonShape(bytes(json));

    assertNull(event.provider());
    assertNull(event.ttftMs());
    assertEquals(Outcome.REJECTED, event.outcome());
    assertSameAsMapper(bytes(json));
  }

  @Test
  void shouldLeaveUnusualButValidShapesToTheMapper() {
    List<Consumer<ObjectNode>> unusual = List.of(
        json -> json.put("outcome", "OK"),
        json -> json.put("endpoint", "Chat_Completions"),
        json -> json.put("attempt", "2"),
        json -> json.put("latency_ms", "2150"),
        json -> json.put("started_at", "2026-03-01T13:00:00+01:00"),
        json -> json.put("started_at", RecordSamples.usageEvent().startedAt().getEpochSecond()),
        json -> json.put("provider", 42),
        json -> ((ObjectNode) json.get("tokens")).put("prompt", "1200"));

    for (Consumer<ObjectNode> change : unusual) {
      byte[] bytes = usageWith(change);
      assertNull(UsageEventReader.readCommonShape(bytes), new String(bytes, StandardCharsets.UTF_8));
      assertSameAsMapper(bytes);
    }
  }

  @Test
  void shouldFailAsTheMapperDoes() {
    List<byte[]> broken = List.of(
        usageWith(json -> json.remove("request_id")),
        usageWith(json -> json.put("request_id", " ")),
        usageWith(json -> json.remove("latency_ms")),
        usageWith(json -> json.putNull("stream")),
        usageWith(json -> json.put("attempt", 1.5)),
        usageWith(json -> json.put("attempt", 3_000_000_000L)),
        usageWith(json -> json.put("http_status", 600)),
        usageWith(json -> json.put("outcome", "exploded")),
        usageWith(json -> json.put("started_at", "yesterday")),
        usageWith(json -> json.put("started_at", "2026-02-30T00:00:00Z")),
        usageWith(json -> json.put("finished_at", "2020-01-01T00:00:00Z")),
        usageWith(json -> json.remove("tokens")),
        usageWith(json -> ((ObjectNode) json.get("tokens")).put("prompt", -1)),
        usageWith(json -> ((ObjectNode) json.get("tokens")).remove("completion")),
        usageWith(json -> ((ObjectNode) json.get("tokens")).put("cache_write_tokens", -5)),
        usageWith(json -> json.put("ttft_ms", -1)),
        bytes("{\"request_id\": "),
        bytes("[1, 2]"),
        bytes("\"text\""));

    for (byte[] bytes : broken) {
      SerializationException expected = assertThrows(SerializationException.class,
          () -> MAPPER.deserializer().deserialize("t", bytes), new String(bytes, StandardCharsets.UTF_8));
      SerializationException actual =
          assertThrows(SerializationException.class, () -> UsageEventReader.read(bytes));
      assertEquals(expected.getMessage(), actual.getMessage());
    }
  }

  @Test
  void shouldTurnATombstoneIntoNull() {
    assertNull(UsageEventReader.deserializer().deserialize("tollgate.usage", null));
  }

  @Test
  void shouldParseCanonicalInstantsAsInstantParseDoes() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = randomInstant(random);
      String text = instant.toString();

      assertEquals(Instant.parse(text), UtcInstants.parse(text), text);
    }
    assertEquals(Instant.parse("2024-02-29T23:59:59.5Z"), UtcInstants.parse("2024-02-29T23:59:59.5Z"));
  }

  private static void assertSameAsMapper(byte[] bytes) {
    assertEquals(MAPPER.deserializer().deserialize("t", bytes), UsageEventReader.read(bytes),
        new String(bytes, StandardCharsets.UTF_8));
  }

  private static byte[] usageWith(Consumer<ObjectNode> change) {
    ObjectNode json = Json.mapper().valueToTree(RecordSamples.usageEvent());
    change.accept(json);
    return Json.write(json);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static UsageEvent randomEvent(SplittableRandom random) {
    boolean upstream = random.nextInt(10) > 0;
    Instant started = randomInstant(random);
    long latency = random.nextLong(0, 600_000);
    long prompt = random.nextLong(0, 2_000_000);
    long cached = random.nextLong(0, prompt + 1);
    long completion = random.nextLong(0, 100_000);
    TokenCounts tokens = new TokenCounts(prompt, completion, cached, random.nextLong(0, completion + 1),
        random.nextBoolean() ? random.nextLong(0, prompt - cached + 1) : 0L);
    return new UsageEvent(
        1 + random.nextInt(3),
        "req-" + Long.toHexString(random.nextLong()) + (random.nextBoolean() ? "-é\"\\\u2603" : ""),
        "tenant-" + random.nextInt(100),
        "key " + random.nextInt(10),
        Endpoint.values()[random.nextInt(Endpoint.values().length)],
        random.nextBoolean() ? "gpt-4o" : "claude/sonnet\t4",
        upstream ? "openai" : null,
        upstream ? "dep-" + random.nextInt(5) : null,
        upstream ? "upstream-" + random.nextInt(5) : null,
        upstream ? 1 + random.nextInt(3) : 0,
        upstream ? tokens : TokenCounts.ZERO,
        random.nextBoolean() ? UsageSource.PROVIDER : UsageSource.ESTIMATED,
        Outcome.values()[random.nextInt(Outcome.values().length)],
        100 + random.nextInt(500),
        random.nextBoolean(),
        started,
        started.plusMillis(latency).plusNanos(random.nextInt(1_000_000)),
        latency,
        random.nextBoolean() ? null : random.nextLong(0, latency + 1),
        "edge-" + random.nextInt(4));
  }

  private static Instant randomInstant(SplittableRandom random) {
    long seconds = random.nextLong(Instant.parse("1970-01-01T00:00:00Z").getEpochSecond(),
        Instant.parse("2200-01-01T00:00:00Z").getEpochSecond());
    int nanos = switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1_000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1_000;
      default -> random.nextInt(1_000_000_000);
    };
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
