package dev.tollgate.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metering service on a real broker: exactly one priced ledger line per request, at the exact cost. */
class MeteringServiceIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() {
    MeteringFixtures.createTopics();
  }

  @Test
  void shouldWriteOneExactlyPricedLinePerRequestIdDroppingADuplicate() throws Exception {
    // Given a configuration with a priced model, published before metering starts
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "tenant-" + run;
    String alias = "model-" + run;
    MeteringFixtures.publishConfig(
        List.of(MeteringFixtures.model(alias, "d-" + run, MeteringFixtures.price(null, "2.50", "10.00", "1.25", null))));
    MeteringConfig config = new MeteringConfig(KafkaFixture.bootstrapServers(), stateDir,
        MeteringSettings.defaults().withApplicationId("metering-it-" + run), Optional.empty());

    try (MeteringService metering = MeteringService.start(config)) {
      metering.awaitRunning(DEADLINE);

      // When: r1 is delivered twice; r3, last on the same partition (same tenant), shows r1's copy was processed
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      UsageEvent r1 = MeteringFixtures.event(run + "-r1", tenant, "k1", alias, "d-" + run, t0, new TokenCounts(1000, 500, 400, 200));
      UsageEvent r2 = MeteringFixtures.event(run + "-r2", tenant, "k1", alias, "d-" + run, t0.plusSeconds(1), new TokenCounts(3, 1, 0, 0));
      UsageEvent r3 = MeteringFixtures.event(run + "-r3", tenant, "k1", alias, "d-" + run, t0.plusSeconds(2), new TokenCounts(0, 0, 0, 0));
      MeteringFixtures.produceUsage(List.of(r1, r2, r1, r3));

      List<PricedUsage> lines = ledgerOf(tenant, read -> read.stream()
          .anyMatch(line -> line.usage().requestId().equals(r3.requestId())));

      // Then
      Map<String, List<PricedUsage>> byRequest =
          lines.stream().collect(Collectors.groupingBy(line -> line.usage().requestId()));
      assertEquals(Set.of(r1.requestId(), r2.requestId(), r3.requestId()), byRequest.keySet());
      byRequest.forEach((id, copies) -> assertEquals(1, copies.size(), "ledger lines for " + id));
      PricedUsage first = byRequest.get(r1.requestId()).get(0);
      assertFalse(first.unpriced());
      // 600 × 2.50 + 300 × 10.00 + 400 × 1.25 (cached) + 200 × 10.00 (reasoning at the output price) per million
      assertEquals(new Cost(1_500_000, 3_000_000, 500_000, 2_000_000), first.cost());
      // 3 × 2.50 and 1 × 10.00 USD per million tokens: 7 500 and 10 000 nano-USD
      assertEquals(new Cost(7_500, 10_000, 0, 0), byRequest.get(r2.requestId()).get(0).cost());
      assertEquals(Cost.ZERO, byRequest.get(r3.requestId()).get(0).cost());
      assertEquals(KafkaStreams.State.RUNNING, metering.state());
    }
  }

  /** Every ledger line of {@code tenant}, read committed, once {@code done} holds for them. */
  private static List<PricedUsage> ledgerOf(
      String tenant, Predicate<List<PricedUsage>> done) {
    Function<List<ConsumerRecord<String, PricedUsage>>, List<PricedUsage>> ours = records -> records.stream()
        .filter(record -> tenant.equals(record.key()))
        .map(ConsumerRecord::value)
        .toList();
    return ours.apply(TopicReader.of(
            Topics.USAGE_PRICED.name(),
            Topics.USAGE_PRICED.keySerde().deserializer(),
            Topics.USAGE_PRICED.valueSerde().deserializer())
        .readUntil(records -> done.test(ours.apply(records)), DEADLINE));
  }
}
