package dev.tollgate.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.schemas.ConfigSamples;
import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final JsonSerde<UsageEvent> usage = JsonSerde.of(UsageEvent.class);

  @Test
  void shouldTurnATombstoneIntoNullBothWays() {
    JsonSerde<ConfigEntity> config = JsonSerde.of(ConfigEntity.class);

    byte[] bytes = config.serializer().serialize("tollgate.config", null);
    ConfigEntity value = config.deserializer().deserialize("tollgate.config", null);

    assertNull(bytes);
    assertNull(value);
  }

  @Test
  void shouldNameTheTypeAndTheMissingField() {
    byte[] bytes = usageWith(json -> json.remove("request_id"));

    SerializationException e = assertThrows(SerializationException.class, () -> read(bytes));

    assertEquals("UsageEvent: request_id is required", e.getMessage());
  }

  @Test
  void shouldNameANestedFieldByItsPath() {
    byte[] bytes = usageWith(json -> ((ObjectNode) json.get("tokens")).put("prompt", -1));

    SerializationException e = assertThrows(SerializationException.class, () -> read(bytes));

    assertEquals("UsageEvent: tokens.prompt must be >= 0, got -1", e.getMessage());
  }

  @Test
  void shouldNameAFieldInAListByItsIndex() {
    ObjectNode json = tree(RecordSamples.routeTable());
    ((ObjectNode) json.at("/candidates/1")).put("weight", -3);

    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> JsonSerde.of(RouteTable.class).deserializer().deserialize("tollgate.routes", Json.write(json)));

    assertEquals("RouteTable: candidates[1].weight must be >= 0, got -3", e.getMessage());
  }

  @Test
  void shouldListTheWireValuesWhenAnEnumValueIsUnknown() {
    byte[] bytes = usageWith(json -> json.put("outcome", "exploded"));

    SerializationException e = assertThrows(SerializationException.class, () -> read(bytes));

    assertEquals(
        "UsageEvent: outcome: unknown value 'exploded', expected one of ok, client_cancelled, upstream_error,"
            + " rejected",
        e.getMessage());
  }

  @Test
  void shouldNameTheKindWhenAConfigEntityHasNone() {
    ObjectNode json = tree(ConfigSamples.tenantConfig());
    json.remove("kind");

    SerializationException e = assertThrows(SerializationException.class, () -> readConfig(json));

    assertEquals("ConfigEntity: kind is required", e.getMessage());
  }

  @Test
  void shouldListTheKindsWhenAConfigKindIsUnknown() {
    ObjectNode json = tree(ConfigSamples.simulatorProvider());
    ((ObjectNode) json.get("spec")).put("api", "carrier-pigeon");

    SerializationException e = assertThrows(SerializationException.class, () -> readConfig(json));

    assertEquals(
        "ConfigEntity: spec.api: unknown value 'carrier-pigeon', expected one of openai_compatible, azure_openai,"
            + " anthropic, gemini, bedrock, simulator",
        e.getMessage());
  }

  @Test
  void shouldNameAFieldWhoseValueCannotBeParsed() {
    byte[] bytes = usageWith(json -> json.put("started_at", "yesterday"));

    SerializationException e = assertThrows(SerializationException.class, () -> read(bytes));

    assertTrue(e.getMessage().startsWith("UsageEvent: started_at: "), e.getMessage());
  }

  @Test
  void shouldSayWhenThePayloadIsNotJson() {
    byte[] bytes = "{\"request_id\": ".getBytes(StandardCharsets.UTF_8);

    SerializationException e = assertThrows(SerializationException.class, () -> read(bytes));

    assertTrue(e.getMessage().startsWith("UsageEvent: malformed JSON: "), e.getMessage());
  }

  @Test
  void shouldWriteTheSameBytesAsJson() {
    UsageEvent event = RecordSamples.usageEvent();

    byte[] bytes = usage.serializer().serialize("tollgate.usage", event);

    assertEquals(new String(Json.write(event), StandardCharsets.UTF_8), new String(bytes, StandardCharsets.UTF_8));
  }

  private UsageEvent read(byte[] bytes) {
    return usage.deserializer().deserialize("tollgate.usage", bytes);
  }

  private static ConfigEntity readConfig(JsonNode json) {
    return JsonSerde.of(ConfigEntity.class).deserializer().deserialize("tollgate.config", Json.write(json));
  }

  private static byte[] usageWith(Consumer<ObjectNode> change) {
    ObjectNode json = tree(RecordSamples.usageEvent());
    change.accept(json);
    return Json.write(json);
  }

  private static ObjectNode tree(Object value) {
    return (ObjectNode) Json.read(Json.write(value), JsonNode.class);
  }
}
