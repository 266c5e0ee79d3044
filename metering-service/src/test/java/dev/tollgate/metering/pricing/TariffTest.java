package dev.tollgate.metering.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.TokenCounts;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TariffTest {

  @Test
  void shouldConvertUsdPerMillionTokensToNanoUsdWithoutLoss() {
    assertEquals(2_500, Tariff.lineItem(1, new BigDecimal("2.50")));
    assertEquals(150, Tariff.lineItem(1, new BigDecimal("0.15")));
    assertEquals(60_000_000_000L, Tariff.lineItem(1_000_000, new BigDecimal("60")));
    assertEquals(0, Tariff.lineItem(0, new BigDecimal("60")));
  }

  @Test
  void shouldRoundHalfEvenOncePerLineItem() {
    assertEquals(2, Tariff.lineItem(1, new BigDecimal("0.0025")));
    assertEquals(4, Tariff.lineItem(1, new BigDecimal("0.0035")));
    assertEquals(0, Tariff.lineItem(1, new BigDecimal("0.0004999")));
    assertEquals(1, Tariff.lineItem(1, new BigDecimal("0.0005001")));
  }

  @Test
  void shouldChargeCachedAtInputAndReasoningAtOutputWhenTheyHaveNoPriceOfTheirOwn() {
    Price price = new Price(null, new BigDecimal("3"), new BigDecimal("15"), null, null);

    Cost cost = Tariff.cost(new TokenCounts(100, 50, 40, 10), price);

    assertEquals(new Cost(180_000, 600_000, 120_000, 150_000), cost);
  }

  @Test
  void shouldNeverBillMoreTokensThanPromptPlusCompletion() {
    Price price = new Price(null, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);

    // inconsistent counts (cached above prompt, reasoning above completion) are capped
    Cost cost = Tariff.cost(new TokenCounts(10, 5, 12, 9), price);

    assertEquals(new Cost(0, 0, 10_000, 5_000), cost);
  }

  @Test
  void shouldThrowRatherThanWrapWhenALineItemOverflows() {
    assertThrows(ArithmeticException.class, () -> Tariff.lineItem(Long.MAX_VALUE, new BigDecimal("1")));
  }
}
