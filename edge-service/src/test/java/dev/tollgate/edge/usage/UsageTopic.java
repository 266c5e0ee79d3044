package dev.tollgate.edge.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TopicReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A usage topic of one test, and what the test expects to find on it. */
final class UsageTopic {

  private UsageTopic() {}

  static String create(Admin admin, int partitions) {
    return KafkaTopics.createUnique(admin, "usage", partitions);
  }

  /** How many records the topic holds: the sum of its partitions' end offsets, duplicates included. */
  static long recordCount(Admin admin, String topic) throws Exception {
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(topic).partitions().stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .collect(Collectors.toList());
    Map<TopicPartition, OffsetSpec> latest = partitions.stream()
        .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset()).sum();
  }

  static List<ConsumerRecord<String, UsageEvent>> read(
      String bootstrapServers, String topic, int count, Duration deadline) {
    return TopicReader.of(topic, new StringDeserializer(), Topics.USAGE.valueSerde().deserializer())
        .withBootstrapServers(bootstrapServers)
        .readAtLeast(count, deadline);
  }

  /**
   * Each emitted event was read exactly once, equal to what was emitted in every field, keyed by its tenant, stamped
   * with its finish time, and each tenant's events in the order they were emitted.
   */
  static void assertDeliveredOnceInTenantOrder(
      List<UsageEvent> emitted, List<ConsumerRecord<String, UsageEvent>> read) {
    assertEquals(emitted.size(), read.size(), "records read");
    Map<String, UsageEvent> readById = new LinkedHashMap<>();
    for (ConsumerRecord<String, UsageEvent> record : read) {
      UsageEvent event = record.value();
      assertEquals(event.tenant(), record.key(), "the key of " + event.requestId());
      assertEquals(event.finishedAt().toEpochMilli(), record.timestamp(), "the timestamp of " + event.requestId());
      assertEquals(null, readById.put(event.requestId(), event), "a second record of " + event.requestId());
    }
    for (UsageEvent expected : emitted) {
      assertEquals(expected, readById.get(expected.requestId()), "the record of " + expected.requestId());
    }
    assertEquals(requestIdsByTenant(emitted), requestIdsByTenant(read.stream().map(ConsumerRecord::value)
        .collect(Collectors.toList())), "each tenant's order");
  }

  private static Map<String, List<String>> requestIdsByTenant(List<UsageEvent> events) {
    return events.stream().collect(Collectors.groupingBy(
        UsageEvent::tenant, Collectors.mapping(UsageEvent::requestId, Collectors.toList())));
  }
}
