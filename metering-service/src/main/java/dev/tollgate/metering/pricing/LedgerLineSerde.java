package dev.tollgate.metering.pricing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the ledger ({@code tollgate.usage.priced}) for the metering job: it writes each {@link PricedUsage}
 * field by field with Jackson's streaming generator, the same bytes as the topic's serde (the shared mapper) gives,
 * at a fraction of its cost (the mapper reaches every record component by reflection). It reads with the topic's
 * serde.
 */
public final class LedgerLineSerde implements Serde<PricedUsage> {

  private static final JsonFactory FACTORY = Json.mapper().getFactory();
  private static final int TYPICAL_SIZE = 1_024;

  @Override
  public Serializer<PricedUsage> serializer() {
    return (topic, line) -> line == null ? null : write(line);
  }

  @Override
  public Deserializer<PricedUsage> deserializer() {
    return Topics.USAGE_PRICED.valueSerde().deserializer();
  }

  /**
   * One ledger line as UTF-8 JSON, byte for byte what the shared mapper writes.
   *
   * @param line the line
   * @return its JSON
   */
  public static byte[] write(PricedUsage line) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(TYPICAL_SIZE)) {
      try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
        json.writeStartObject();
        json.writeNumberField("schema_version", line.schemaVersion());
        json.writeFieldName("usage");
        usage(json, line.usage());
        json.writeFieldName("price");
        price(json, line.price());
        json.writeFieldName("cost");
        cost(json, line.cost());
        json.writeBooleanField("unpriced", line.unpriced());
        instantField(json, "priced_at", line.pricedAt());
        json.writeEndObject();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("PricedUsage: cannot write: " + e.getMessage(), e);
    }
  }

  private static void usage(JsonGenerator json, UsageEvent event) throws IOException {
    json.writeStartObject();
    json.writeNumberField("schema_version", event.schemaVersion());
    json.writeStringField("request_id", event.requestId());
    json.writeStringField("tenant", event.tenant());
    json.writeStringField("key_id", event.keyId());
    json.writeStringField("endpoint", Json.wire(event.endpoint()));
    json.writeStringField("model_alias", event.modelAlias());
    json.writeStringField("provider", event.provider());
    json.writeStringField("deployment", event.deployment());
    json.writeStringField("upstream_model", event.upstreamModel());
    json.writeNumberField("attempt", event.attempt());
    json.writeFieldName("tokens");
    tokens(json, event.tokens());
    json.writeStringField("usage_source", Json.wire(event.usageSource()));
    json.writeStringField("outcome", Json.wire(event.outcome()));
    json.writeNumberField("http_status", event.httpStatus());
    json.writeBooleanField("stream", event.stream());
    instantField(json, "started_at", event.startedAt());
    instantField(json, "finished_at", event.finishedAt());
    json.writeNumberField("latency_ms", event.latencyMs());
    json.writeFieldName("ttft_ms");
    if (event.ttftMs() == null) {
      json.writeNull();
    } else {
      json.writeNumber(event.ttftMs());
    }
    json.writeStringField("edge_id", event.edgeId());
    json.writeEndObject();
  }

  private static void tokens(JsonGenerator json, TokenCounts tokens) throws IOException {
    json.writeStartObject();
    json.writeNumberField("prompt", tokens.prompt());
    json.writeNumberField("completion", tokens.completion());
    json.writeNumberField("cached_prompt", tokens.cachedPrompt());
    json.writeNumberField("reasoning", tokens.reasoning());
    json.writeNumberField("cache_write_tokens", tokens.cacheWriteTokens());
    json.writeEndObject();
  }

  private static void price(JsonGenerator json, Price price) throws IOException {
    if (price == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    instantField(json, "effective_from", price.effectiveFrom());
    decimalField(json, "input_per_mtok_usd", price.inputPerMtokUsd());
    decimalField(json, "output_per_mtok_usd", price.outputPerMtokUsd());
    decimalField(json, "cached_input_per_mtok_usd", price.cachedInputPerMtokUsd());
    decimalField(json, "reasoning_per_mtok_usd", price.reasoningPerMtokUsd());
    decimalField(json, "cache_write_per_mtok_usd", price.cacheWritePerMtokUsd());
    json.writeEndObject();
  }

  private static void cost(JsonGenerator json, Cost cost) throws IOException {
    json.writeStartObject();
    json.writeNumberField("input_nano_usd", cost.inputNanoUsd());
    json.writeNumberField("output_nano_usd", cost.outputNanoUsd());
    json.writeNumberField("cached_input_nano_usd", cost.cachedInputNanoUsd());
    json.writeNumberField("reasoning_nano_usd", cost.reasoningNanoUsd());
    json.writeNumberField("cache_write_nano_usd", cost.cacheWriteNanoUsd());
    json.writeEndObject();
  }

  private static void instantField(JsonGenerator json, String name, Instant instant) throws IOException {
    // Instant.toString is ISO_INSTANT, the mapper's format for instants
    json.writeStringField(name, instant == null ? null : instant.toString());
  }

  private static void decimalField(JsonGenerator json, String name, BigDecimal decimal) throws IOException {
    // rates are strings in plain notation, never floats (see Json)
    json.writeStringField(name, decimal == null ? null : decimal.toPlainString());
  }
}
