package dev.tollgate.metering.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import org.junit.jupiter.api.Test;

class RollupLineSerdeTest {

  private static final String TOPIC = "metering-rollup-repartition";
  private final RollupLineSerde serde = new RollupLineSerde();

  @Test
  void shouldCarryOnlyWhatARollupAddsUp() {
    RollupTotals line = new RollupTotals(1, new TokenCounts(1000, 50, 200, 10, 300L), new Cost(1, 2, 3, 4, 5L));

    byte[] bytes = serde.serializer().serialize(TOPIC, line);

    assertEquals(line, serde.deserializer().deserialize(TOPIC, bytes));
  }

  @Test
  void shouldReadAWholeLedgerLineWrittenByAnEarlierVersionAsThatLinesTotals() {
    PricedUsage line = RecordSamples.pricedUsage();
    byte[] legacy = Topics.USAGE_PRICED.valueSerde().serializer().serialize(TOPIC, line);

    RollupTotals read = serde.deserializer().deserialize(TOPIC, legacy);

    assertEquals(new RollupTotals(1, line.usage().tokens(), line.cost()), read);
    assertNull(serde.deserializer().deserialize(TOPIC, null));
  }
}
