package dev.tollgate.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.schemas.ConfigSamples;
import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Granularity;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void shouldWriteFieldNamesInSnakeCase() {
    UsageEvent event = RecordSamples.usageEvent();

    JsonNode json = tree(event);

    assertEquals("req-01HQ7Z3J8X", json.get("request_id").asText());
    assertEquals(380, json.get("ttft_ms").asLong());
    assertEquals(1024, json.at("/tokens/cached_prompt").asLong());
    assertEquals(1, json.get("schema_version").asInt());
  }

  @Test
  void shouldWriteInstantsAsIsoStringsInUtcWithTheirNanoseconds() {
    UsageEvent event = RecordSamples.usageEvent();

    JsonNode json = tree(event);

    assertEquals("2026-03-01T12:34:56.123456789Z", json.get("started_at").asText());
  }

  @Test
  void shouldReadInstantsWrittenWithAnOffset() {
    ObjectNode json = (ObjectNode) tree(RecordSamples.usageEvent());
    json.put("started_at", "2026-03-01T13:34:56+01:00");

    UsageEvent event = Json.read(Json.write(json), UsageEvent.class);

    assertEquals(Instant.parse("2026-03-01T12:34:56Z"), event.startedAt());
  }

  @Test
  void shouldWriteBigDecimalsAsPlainStringsKeepingTheirScale() {
    Price price = new Price(null, new BigDecimal("1E-7"), new BigDecimal("10.00"), null, null);

    JsonNode json = tree(price);

    assertTrue(json.get("input_per_mtok_usd").isTextual());
    assertEquals("0.0000001", json.get("input_per_mtok_usd").asText());
    assertEquals("10.00", json.get("output_per_mtok_usd").asText());
  }

  @Test
  void shouldReadAPriceWrittenAsAJsonNumberExactly() {
    String json = "{\"input_per_mtok_usd\": 0.1, \"output_per_mtok_usd\": 0.30000000000000004}";

    Price price = Json.read(json.getBytes(StandardCharsets.UTF_8), Price.class);

    assertEquals(new BigDecimal("0.1"), price.inputPerMtokUsd());
    assertEquals(new BigDecimal("0.30000000000000004"), price.outputPerMtokUsd());
  }

  @Test
  void shouldWriteEveryEnumConstantAsItsWireName() {
    List<Enum<?>> constants =
        List.of(
            Outcome.CLIENT_CANCELLED,
            Endpoint.CHAT_COMPLETIONS,
            UsageSource.ESTIMATED,
            Granularity.HOUR,
            Verdict.BLOCK,
            CircuitState.HALF_OPEN);

    for (Enum<?> constant : constants) {
      String written = new String(Json.write(constant), StandardCharsets.UTF_8);

      assertEquals("\"" + Json.wire(constant) + "\"", written);
    }
    assertEquals("client_cancelled", Json.wire(Outcome.CLIENT_CANCELLED));
  }

  @Test
  void shouldReadEnumsWhateverTheirCase() {
    ObjectNode json = (ObjectNode) tree(RecordSamples.usageEvent());
    json.put("outcome", "CLIENT_CANCELLED");
    json.put("endpoint", "Chat_Completions");

    UsageEvent event = Json.read(Json.write(json), UsageEvent.class);

    assertEquals(Outcome.CLIENT_CANCELLED, event.outcome());
    assertEquals(Endpoint.CHAT_COMPLETIONS, event.endpoint());
  }

  @Test
  void shouldNotWriteDerivedValues() {
    UsageEvent event = RecordSamples.usageEvent();

    JsonNode json = tree(RecordSamples.pricedUsage());

    assertFalse(json.at("/usage/tokens").has("total"));
    assertFalse(json.get("cost").has("total_nano_usd"));
    assertFalse(json.has("topic_key"));
    assertEquals(event, Json.read(Json.write(event), UsageEvent.class));
  }

  @Test
  void shouldRefuseToReadAnAbsentNumberAsZero() {
    ObjectNode json = (ObjectNode) tree(RecordSamples.usageEvent());
    json.remove("latency_ms");

    SerializationException e =
        assertThrows(SerializationException.class, () -> Json.read(Json.write(json), UsageEvent.class));

    assertEquals("UsageEvent: latency_ms is required", e.getMessage());
  }

  @Test
  void shouldRefuseNullForANumber() {
    ObjectNode json = (ObjectNode) tree(RecordSamples.usageEvent());
    json.putNull("latency_ms");

    SerializationException e =
        assertThrows(SerializationException.class, () -> Json.read(Json.write(json), UsageEvent.class));

    assertTrue(e.getMessage().startsWith("UsageEvent: latency_ms"), e.getMessage());
  }

  @Test
  void shouldRefuseToTruncateAFractionIntoAnInteger() {
    ObjectNode json = (ObjectNode) tree(RecordSamples.pricedUsage());
    ((ObjectNode) json.get("cost")).put("input_nano_usd", 440_000.5);

    SerializationException e =
        assertThrows(SerializationException.class, () -> Json.read(Json.write(json), PricedUsage.class));

    assertTrue(e.getMessage().startsWith("PricedUsage: cost.input_nano_usd"), e.getMessage());
  }

  @Test
  void shouldWriteMapEntriesSortedSoEqualValuesGiveEqualBytes() {
    OpenAiCompatibleSpec spec =
        new OpenAiCompatibleSpec("https://api.openai.com/v1", null, Map.of("x-b", "2", "x-a", "1", "x-c", "3"));

    String json = new String(Json.write(spec), StandardCharsets.UTF_8);

    assertTrue(json.contains("{\"x-a\":\"1\",\"x-b\":\"2\",\"x-c\":\"3\"}"), json);
  }

  @Test
  void shouldWriteTheKindOfAConfigEntityWrittenOnItsOwn() {
    ProviderConfig provider = ConfigSamples.openAiProvider();

    JsonNode json = tree(provider);

    assertEquals("provider", json.get("kind").asText());
    assertEquals("openai_compatible", json.at("/spec/api").asText());
    assertEquals(provider, Json.read(Json.write(provider), ConfigEntity.class));
  }

  private static JsonNode tree(Object value) {
    return Json.read(Json.write(value), JsonNode.class);
  }
}
