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
  void shouldBillCacheWritesAtTheirOwnRateAndTheRestOfThePromptAtInput() {
    // Anthropic-style: input 3, cache write 3.75 (1.25 × input), cache read 0.30 USD per million tokens
    Price price = new Price(null, new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), null,
        new BigDecimal("3.75"));

    // prompt 1000 = 200 cached + 300 written + 500 uncached
    Cost cost = Tariff.cost(new TokenCounts(1_000, 100, 200, 0, 300L), price);

    assertEquals(new Cost(1_500_000, 1_500_000, 60_000, 0, 1_125_000L), cost);
    assertEquals(4_185_000, cost.totalNanoUsd());
  }

  @Test
  void shouldChargeCacheWritesAtInputWhenTheyHaveNoPriceOfTheirOwn() {
    Price price = new Price(null, new BigDecimal("3"), new BigDecimal("15"), null, null);

    Cost cost = Tariff.cost(new TokenCounts(100, 0, 0, 0, 30L), price);

    assertEquals(new Cost(210_000, 0, 0, 0, 90_000L), cost);
  }

  @Test
  void shouldRoundTheCacheWriteItemHalfEvenOnItsOwn() {
    // 1 written token × 0.0025 = 2.5 nano-USD → 2; 3 uncached × 0.0015 = 4.5 → 4 (each item rounded, not the sum)
    Price price = new Price(null, new BigDecimal("0.0015"), BigDecimal.ONE, null, null, new BigDecimal("0.0025"));

    Cost cost = Tariff.cost(new TokenCounts(4, 0, 0, 0, 1L), price);

    assertEquals(new Cost(4, 0, 0, 0, 2L), cost);
  }

  @Test
  void shouldCapCacheWritesAtWhatTheCachedTokensLeaveOfThePrompt() {
    Price price = new Price(null, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("2"), null, new BigDecimal("4"));

    // 10 prompt tokens, 6 cached, 9 claimed written: only 4 can have been written
    Cost cost = Tariff.cost(new TokenCounts(10, 0, 6, 0, 9L), price);

    assertEquals(new Cost(0, 0, 12_000, 0, 16_000L), cost);
  }

  @Test
  void shouldThrowRatherThanWrapWhenALineItemOverflows() {
    assertThrows(ArithmeticException.class, () -> Tariff.lineItem(Long.MAX_VALUE, new BigDecimal("1")));
  }
}
