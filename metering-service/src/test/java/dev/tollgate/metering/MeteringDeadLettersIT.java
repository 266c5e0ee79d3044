package dev.tollgate.metering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.schemas.deadletter.DeadLetterHandler;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.TestProducers;
import dev.tollgate.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unreadable records on a real broker: metering moves those of {@code tollgate.usage} to its dead-letter topic,
 * skips those of its global catalog, and prices every other event once.
 */
class MeteringDeadLettersIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() {
    MeteringFixtures.createTopics();
  }

  @Test
  void shouldMoveUnreadableUsageToItsDeadLetterTopicAndPriceEveryOtherEventOnce() throws Exception {
    // Given a priced model, and a config record the global catalog cannot read, before and after metering starts
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "tenant-" + run;
    String alias = "model-" + run;
    String deployment = "d-" + run;
    MeteringFixtures.publishConfig(
        List.of(MeteringFixtures.model(alias, deployment, MeteringFixtures.price(null, "2.50", "10.00", null, null))));
    send(Topics.CONFIG.name(), "model/bad-before-" + run, utf8("{\"kind\":\"model\",\"alias\":"));
    MeteringConfig config = new MeteringConfig(KafkaFixture.bootstrapServers(), stateDir,
        MeteringSettings.defaults().withApplicationId("metering-dlq-it-" + run), Optional.empty());

    try (MeteringService metering = MeteringService.start(config)) {
      metering.awaitRunning(DEADLINE);
      send(Topics.CONFIG.name(), "model/bad-after-" + run, utf8("not json " + run));

      // When garbage and an event without request_id arrive between valid events, on the tenant's partition
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      UsageEvent r1 = event(run + "-r1", tenant, alias, deployment, t0);
      UsageEvent r2 = event(run + "-r2", tenant, alias, deployment, t0.plusSeconds(1));
      UsageEvent r3 = event(run + "-r3", tenant, alias, deployment, t0.plusSeconds(2));
      byte[] garbage = ("\u00ff\u0000garbage " + run).getBytes(StandardCharsets.ISO_8859_1);
      ObjectNode noRequestId = Json.mapper().valueToTree(event(run + "-r0", tenant, alias, deployment, t0));
      noRequestId.remove("request_id");
      byte[] withoutRequestId = Json.mapper().writeValueAsBytes(noRequestId);
      send(Topics.USAGE.name(), tenant, json(r1));
      send(Topics.USAGE.name(), tenant, garbage);
      send(Topics.USAGE.name(), tenant, json(r2));
      send(Topics.USAGE.name(), tenant, withoutRequestId);
      send(Topics.USAGE.name(), tenant, json(r3));

      // Then every valid event is priced exactly once
      List<PricedUsage> lines = ledgerOf(tenant, r3.requestId());
      Map<String, List<PricedUsage>> byRequest =
          lines.stream().collect(Collectors.groupingBy(line -> line.usage().requestId()));
      assertEquals(Set.of(r1.requestId(), r2.requestId(), r3.requestId()), byRequest.keySet());
      byRequest.forEach((id, copies) -> assertEquals(1, copies.size(), "ledger lines for " + id));
      byRequest.values().forEach(copies -> assertFalse(copies.get(0).unpriced(), "priced"));

      // and both unreadable records are on the dead-letter topic once, as they were read, with why
      List<ConsumerRecord<byte[], byte[]>> letters = deadLettersOf(
          Topics.METERING_DEAD_LETTERS.name(), List.of(garbage, withoutRequestId));
      assertEquals(2, letters.size());
      assertArrayEquals(garbage, letters.get(0).value());
      assertArrayEquals(withoutRequestId, letters.get(1).value());
      for (ConsumerRecord<byte[], byte[]> letter : letters) {
        assertArrayEquals(utf8(tenant), letter.key());
        assertEquals(Topics.USAGE.name(), header(letter, DeadLetterHandler.TOPIC));
      }
      assertEquals("UsageEvent: request_id is required", header(letters.get(1), DeadLetterHandler.MESSAGE));

      // and the config records were skipped, not dead-lettered, without stopping the global thread
      Await.until(DEADLINE, () -> droppedRecords(metering) >= 4, "4 unreadable records dropped");
      assertEquals(KafkaStreams.State.RUNNING, metering.state());
      assertTrue(deadLettersOf(Topics.METERING_DEAD_LETTERS.name(), List.of()).stream()
          .noneMatch(letter -> Topics.CONFIG.name().equals(header(letter, DeadLetterHandler.TOPIC))));
    }
  }

  /** The ledger lines of {@code tenant}, read committed, once the line of {@code lastRequestId} is there. */
  private static List<PricedUsage> ledgerOf(String tenant, String lastRequestId) {
    return TopicReader.of(
            Topics.USAGE_PRICED.name(),
            Topics.USAGE_PRICED.keySerde().deserializer(),
            Topics.USAGE_PRICED.valueSerde().deserializer())
        .readUntil(read -> read.stream().anyMatch(r -> r.value().usage().requestId().equals(lastRequestId)), DEADLINE)
        .stream()
        .filter(record -> tenant.equals(record.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  /**
   * The dead letters whose values are among {@code values}, in the order read, once each of them is there; every
   * dead letter when {@code values} is empty.
   */
  private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String topic, List<byte[]> values) {
    List<ConsumerRecord<byte[], byte[]>> read = TopicReader.of(
            topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readUntil(records -> values.stream().allMatch(
            value -> records.stream().anyMatch(r -> Arrays.equals(value, r.value()))), DEADLINE);
    return values.isEmpty() ? read : read.stream()
        .filter(r -> values.stream().anyMatch(value -> Arrays.equals(value, r.value())))
        .toList();
  }

  private static long droppedRecords(MeteringService metering) {
    return metering.metrics().entrySet().stream()
        .filter(metric -> metric.getKey().name().equals("dropped-records-total"))
        .mapToLong(metric -> ((Number) metric.getValue().metricValue()).longValue())
        .sum();
  }

  private static void send(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = TestProducers.of(
        KafkaFixture.bootstrapServers(), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, utf8(key), value)).get();
    }
  }

  private static UsageEvent event(String requestId, String tenant, String alias, String deployment, Instant at) {
    return MeteringFixtures.event(requestId, tenant, "k1", alias, deployment, at, new TokenCounts(1000, 500, 0, 0));
  }

  private static byte[] json(UsageEvent event) {
    return Topics.USAGE.valueSerde().serializer().serialize(Topics.USAGE.name(), event);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
