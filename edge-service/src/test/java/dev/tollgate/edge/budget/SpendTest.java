package dev.tollgate.edge.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.TokenCounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reservations at the most a request can cost, and real costs to the nano-USD metering charges. */
class SpendTest {
  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
  private static final Price MINI = price(null, "0.15", "0.60");

  @Test
  void shouldReserveThePromptAndTheRequestsCompletionCap() {
    // 1000 × 0.15 + 500 × 0.60 = 450 USD per million tokens → 450 000 nano-USD
    assertEquals(450_000, Spend.ceiling(1_000, OptionalInt.of(500), true,
        List.of(deployment("d", null, null, MINI)), NOW));
  }

  @Test
  void shouldFallBackToTheDeploymentsOutputLimitThenItsContextThenTheDefault() {
    Price output = price(null, "0", "1");

    long maxOutput = Spend.ceiling(100, OptionalInt.empty(), true, List.of(deployment("d", 8_000, 1_000, output)),
        NOW);
    long context = Spend.ceiling(100, OptionalInt.empty(), true, List.of(deployment("d", 8_000, null, output)), NOW);
    long fallback = Spend.ceiling(100, OptionalInt.empty(), true, List.of(deployment("d", null, null, output)), NOW);

    assertEquals(1_000_000, maxOutput);
    assertEquals(7_900_000, context);
    assertEquals(Spend.DEFAULT_OUTPUT_LIMIT * 1_000L, fallback);
  }

  @Test
  void shouldReserveAtTheDearestCandidateAndItsDearestRates() {
    Price cheap = price(null, "0.15", "0.60");
    Price dear = new Price(null, new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("3"), new BigDecimal("5"));

    long ceiling = Spend.ceiling(10, OptionalInt.of(10), true,
        List.of(deployment("cheap", null, null, cheap), deployment("dear", null, null, dear)), NOW);

    assertEquals(10 * 3_000 + 10 * 5_000, ceiling);
  }

  @Test
  void shouldRoundTheCeilingUpAndReserveNoOutputForEmbeddings() {
    // 7 × 0.0001505 USD per million = 1.0535 nano-USD → 2
    assertEquals(2, Spend.ceiling(7, OptionalInt.of(100), false,
        List.of(deployment("d", null, null, price(null, "0.0001505", "1"))), NOW));
  }

  @Test
  void shouldUseThePriceInForceAndReserveNothingWithoutOne() {
    Deployment versioned = new Deployment("d", "p", "m", 1, 0,
        List.of(price(null, "1", "1"), price(NOW.plusSeconds(60), "9", "9")), Set.of(Capability.CHAT), null, null);
    Deployment unpriced = new Deployment("u", "p", "m", 1, 0, List.of(), Set.of(Capability.CHAT), null, null);

    assertEquals(2_000, Spend.ceiling(1, OptionalInt.of(1), true, List.of(versioned), NOW));
    assertEquals(18_000, Spend.ceiling(1, OptionalInt.of(1), true, List.of(versioned), NOW.plusSeconds(60)));
    assertEquals(0, Spend.ceiling(1, OptionalInt.of(1), true, List.of(unpriced), NOW));
  }

  @Test
  void shouldPriceTheRealUsageAsMeteringDoesLineItemByLineItemHalfEven() {
    Price rates = new Price(null, new BigDecimal("0.00015"), new BigDecimal("0.0006"), new BigDecimal("0.000075"),
        null);

    // in nano-USD: input (10 − 4) × 0.15 = 0.9 → 1; cached 4 × 0.075 = 0.3 → 0; output (5 − 2) × 0.6 = 1.8 → 2;
    // reasoning 2 × 0.6 (the output rate) = 1.2 → 1
    assertEquals(4, Spend.actual(new TokenCounts(10, 5, 4, 2), rates));
    // 2.5 nano-USD rounds to the even 2
    assertEquals(2, Spend.actual(new TokenCounts(1, 0, 0, 0), price(null, "0.0025", "0")));
    assertEquals(450_000, Spend.actual(new TokenCounts(1_000, 500, 0, 0), MINI));
  }

  @Test
  void shouldPriceCacheWritesAsMeteringDoes() {
    Price anthropic = new Price(null, new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), null,
        new BigDecimal("3.75"));

    // input 500 × 3 = 1 500 000; cached 200 × 0.30 = 60 000; written 300 × 3.75 = 1 125 000; output 100 × 15
    assertEquals(4_185_000, Spend.actual(new TokenCounts(1_000, 100, 200, 0, 300L), anthropic));
    // without a cache-write rate the written tokens cost the input rate
    assertEquals(300_000, Spend.actual(new TokenCounts(100, 0, 0, 0, 30L), price(null, "3", "15")));
    // half-even per item: 1 written × 0.0025 = 2.5 → 2, 3 uncached × 0.0015 = 4.5 → 4
    assertEquals(6, Spend.actual(new TokenCounts(4, 0, 0, 0, 1L),
        new Price(null, new BigDecimal("0.0015"), BigDecimal.ONE, null, null, new BigDecimal("0.0025"))));
  }

  @Test
  void shouldReserveEveryPromptTokenAtTheCacheWriteRateWhenItIsTheDearest() {
    Price anthropic = new Price(null, new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), null,
        new BigDecimal("3.75"));

    assertEquals(10 * 3_750 + 10 * 15_000, Spend.ceiling(10, OptionalInt.of(10), true,
        List.of(deployment("d", null, null, anthropic)), NOW));
  }

  private static Price price(Instant from, String input, String output) {
    return new Price(from, new BigDecimal(input), new BigDecimal(output), null, null);
  }

  private static Deployment deployment(String id, Integer context, Integer maxOutput, Price price) {
    return new Deployment(id, "p", "m", 1, 0, List.of(price), Set.of(Capability.CHAT), context, maxOutput);
  }
}
