package dev.tollgate.metering.pricing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class LedgerLineSerdeTest {

  private static final Serializer<PricedUsage> MAPPER = Topics.USAGE_PRICED.valueSerde().serializer();
  private static final Serializer<PricedUsage> HAND = new LedgerLineSerde().serializer();
  private static final List<String> TEXTS = List.of("acme", "key 1", "gpt-4o", "é\"\\/\u2603\uD83D\uDE00",
      "tab\there\nnew\rline\b\f\u0001\u001f\u007f", "\u2028\u2029<>&'", "x".repeat(300));
  private static final List<String> RATES = List.of("2.50", "0.000000150", "1E-7", "1E+3", "0", "0.00", "15",
      "123456789.123456789", "3.750");

  @Test
  void shouldWriteTheBytesOfTheSharedMapper() {
    SplittableRandom random = new SplittableRandom(42L);
    for (int i = 0; i < 5_000; i++) {
      PricedUsage line = randomLine(random);

      byte[] expected = MAPPER.serialize(Topics.USAGE_PRICED.name(), line);
      byte[] actual = HAND.serialize(Topics.USAGE_PRICED.name(), line);

      assertArrayEquals(expected, actual, new String(expected, StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldReadWithTheTopicsSerde() {
    PricedUsage line = randomLine(new SplittableRandom(1L));

    PricedUsage read = new LedgerLineSerde().deserializer()
        .deserialize(Topics.USAGE_PRICED.name(), HAND.serialize(Topics.USAGE_PRICED.name(), line));

    assertEquals(line.usage(), read.usage());
    assertEquals(line.cost(), read.cost());
  }

  @Test
  void shouldWriteATombstoneAsNull() {
    assertNull(HAND.serialize(Topics.USAGE_PRICED.name(), null));
  }

  private static PricedUsage randomLine(SplittableRandom random) {
    boolean upstream = random.nextInt(8) > 0;
    Instant started = Instant.ofEpochSecond(random.nextLong(0, 7_258_118_400L), nanos(random));
    long latency = random.nextLong(0, 600_000);
    long prompt = random.nextLong(0, 2_000_000);
    long cached = random.nextLong(0, prompt + 1);
    long completion = random.nextLong(0, 100_000);
    TokenCounts tokens = new TokenCounts(prompt, completion, cached, random.nextLong(0, completion + 1),
        random.nextLong(0, prompt - cached + 1));
    UsageEvent event = new UsageEvent(
        1 + random.nextInt(2),
        "req-" + Long.toHexString(random.nextLong()) + text(random),
        text(random),
        text(random),
        Endpoint.values()[random.nextInt(Endpoint.values().length)],
        text(random),
        upstream ? text(random) : null,
        upstream ? text(random) : null,
        upstream ? text(random) : null,
        upstream ? random.nextInt(4) : 0,
        upstream ? tokens : TokenCounts.ZERO,
        UsageSource.values()[random.nextInt(UsageSource.values().length)],
        Outcome.values()[random.nextInt(Outcome.values().length)],
        100 + random.nextInt(500),
        random.nextBoolean(),
        started,
        started.plusMillis(latency).plusNanos(random.nextInt(1_000_000)),
        latency,
        random.nextBoolean() ? null : random.nextLong(0, Long.MAX_VALUE),
        text(random));
    Instant pricedAt = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
    if (random.nextInt(5) == 0) {
      return new PricedUsage(1, event, null, Cost.ZERO, true, pricedAt);
    }
    Price price = new Price(Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), nanos(random)), rate(random),
        rate(random), random.nextBoolean() ? rate(random) : null, random.nextBoolean() ? rate(random) : null,
        random.nextBoolean() ? rate(random) : null);
    Cost cost = new Cost(random.nextLong(0, Long.MAX_VALUE), random.nextLong(0, 1_000), random.nextLong(0, 1_000),
        random.nextLong(0, 1_000), random.nextLong(0, 1_000));
    return new PricedUsage(1, event, price, cost, false, pricedAt);
  }

  private static int nanos(SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1_000) * 1_000_000;
      default -> random.nextInt(1_000_000_000);
    };
  }

  private static String text(SplittableRandom random) {
    return TEXTS.get(random.nextInt(TEXTS.size())) + random.nextInt(100);
  }

  private static BigDecimal rate(SplittableRandom random) {
    return new BigDecimal(RATES.get(random.nextInt(RATES.size())));
  }
}
