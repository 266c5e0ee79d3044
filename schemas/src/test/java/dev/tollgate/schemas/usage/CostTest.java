package dev.tollgate.schemas.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CostTest {

  @Test
  void shouldAddPartByPart() {
    Cost first = new Cost(440_000, 3_500_000, 1_280_000, 0);
    Cost second = new Cost(1, 2, 3, 4);

    Cost sum = first.plus(second);

    assertEquals(new Cost(440_001, 3_500_002, 1_280_003, 4), sum);
  }

  @Test
  void shouldTotalEveryPart() {
    Cost cost = new Cost(440_000, 3_500_000, 1_280_000, 7);

    long total = cost.totalNanoUsd();

    assertEquals(5_220_007, total);
  }

  @Test
  void shouldLeaveACostUnchangedWhenAddingZero() {
    Cost cost = new Cost(1, 2, 3, 4);

    Cost sum = Cost.ZERO.plus(cost).plus(Cost.ZERO);

    assertEquals(cost, sum);
  }

  @Test
  void shouldAddAndTotalTheCacheWritePartAndReadItAsZeroWhenAbsent() {
    Cost written = new Cost(1, 2, 3, 4, 5L);

    assertEquals(new Cost(2, 4, 6, 8, 10L), written.plus(written));
    assertEquals(15, written.totalNanoUsd());
    assertEquals(new Cost(1, 2, 3, 4, 0L), new Cost(1, 2, 3, 4, null));
    byte[] old = ("{\"input_nano_usd\":1,\"output_nano_usd\":2,\"cached_input_nano_usd\":3,"
        + "\"reasoning_nano_usd\":4}").getBytes(StandardCharsets.UTF_8);
    assertEquals(new Cost(1, 2, 3, 4), Json.read(old, Cost.class));
    assertEquals(5, Json.mapper().valueToTree(written).path("cache_write_nano_usd").asLong());
  }

  @Test
  void shouldThrowRatherThanWrapWhenASumOverflows() {
    Cost almostEverything = new Cost(Long.MAX_VALUE, 0, 0, 0);
    Cost oneMore = new Cost(1, 0, 0, 0);

    assertThrows(ArithmeticException.class, () -> almostEverything.plus(oneMore));
  }

  @Test
  void shouldThrowRatherThanWrapWhenTheTotalOverflows() {
    Cost cost = new Cost(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 1, 1);

    assertThrows(ArithmeticException.class, cost::totalNanoUsd);
  }

  @Test
  void shouldRejectANegativePart() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Cost(0, 0, -1, 0));

    assertEquals("cached_input_nano_usd must be >= 0, got -1", e.getMessage());
  }
}
