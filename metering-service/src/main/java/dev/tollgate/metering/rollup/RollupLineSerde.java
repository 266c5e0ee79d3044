package dev.tollgate.metering.rollup;

import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.PricedUsage;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value of the rollup repartition topic: one ledger line reduced to what a rollup adds up ({@link
 * RollupTotals#of}), a tenth of the size of the whole line and much cheaper to write and read back.
 *
 * <p>Earlier versions repartitioned the whole {@link PricedUsage}. Such records may still be in the topic when an
 * instance is upgraded; they are recognised (our JSON of {@link RollupTotals} starts with its first property, {@code
 * requests}) and reduced the same way, so no line is lost or counted twice across the upgrade.
 */
public final class RollupLineSerde implements Serde<RollupTotals> {

  private static final Serde<RollupTotals> TOTALS = RollupSerdes.totals();
  private static final JsonSerde<PricedUsage> LINES = JsonSerde.of(PricedUsage.class);
  private static final byte[] TOTALS_PREFIX = "{\"requests\":".getBytes(StandardCharsets.US_ASCII);

  @Override
  public Serializer<RollupTotals> serializer() {
    return TOTALS.serializer();
  }

  @Override
  public Deserializer<RollupTotals> deserializer() {
    Deserializer<RollupTotals> totals = TOTALS.deserializer();
    Deserializer<PricedUsage> lines = LINES.deserializer();
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      return startsWithTotals(bytes) ? totals.deserialize(topic, bytes) : RollupTotals.of(lines.deserialize(topic,
          bytes));
    };
  }

  private static boolean startsWithTotals(byte[] bytes) {
    if (bytes.length < TOTALS_PREFIX.length) {
      return false;
    }
    for (int i = 0; i < TOTALS_PREFIX.length; i++) {
      if (bytes[i] != TOTALS_PREFIX[i]) {
        return false;
      }
    }
    return true;
  }
}
