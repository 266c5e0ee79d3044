package dev.tollgate.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.RecordSamples.Sample;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.UsageEventSerde;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldNameTheTopicsOfTheContract() {
    List<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toList());

    assertEquals(
        List.of(
            "tollgate.config",
            "tollgate.usage",
            "tollgate.usage.priced",
            "tollgate.usage.rollups",
            "tollgate.budget.decisions",
            "tollgate.budget.alerts",
            "tollgate.provider.registrations",
            "tollgate.routes",
            "tollgate.metering.dead-letters",
            "tollgate.budget.dead-letters",
            "tollgate.routing.dead-letters"),
        names);
  }

  @Test
  void shouldListEveryTopicConstantInAll() {
    List<Object> constants =
        Arrays.stream(Topics.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Topic.class)
            .map(TopicsTest::valueOf)
            .collect(Collectors.toList());

    assertEquals(constants.size(), Topics.all().size());
    assertTrue(Topics.all().containsAll(constants));
  }

  @Test
  void shouldCompactTablesAndDeleteEventStreams() {
    Map<String, CleanupPolicy> policies = by(Topic::cleanup);

    assertEquals(CleanupPolicy.COMPACT, policies.get("tollgate.config"));
    assertEquals(CleanupPolicy.DELETE, policies.get("tollgate.usage"));
    assertEquals(CleanupPolicy.DELETE, policies.get("tollgate.usage.priced"));
    assertEquals(CleanupPolicy.COMPACT, policies.get("tollgate.usage.rollups"));
    assertEquals(CleanupPolicy.COMPACT, policies.get("tollgate.budget.decisions"));
    assertEquals(CleanupPolicy.DELETE, policies.get("tollgate.budget.alerts"));
    assertEquals(CleanupPolicy.COMPACT, policies.get("tollgate.provider.registrations"));
    assertEquals(CleanupPolicy.COMPACT, policies.get("tollgate.routes"));
  }

  @Test
  void shouldKeepEventStreamsForTheirRetentionAndTablesForEver() {
    Map<String, Duration> retention = new LinkedHashMap<>();
    Topics.all().forEach(t -> retention.put(t.name(), t.retention()));

    assertEquals(Duration.ofDays(7), retention.get("tollgate.usage"));
    assertEquals(Duration.ofDays(30), retention.get("tollgate.usage.priced"));
    assertEquals(Duration.ofDays(30), retention.get("tollgate.budget.alerts"));
    deadLetterTopics().forEach(t -> assertEquals(Duration.ofDays(30), t.retention(), t.name()));
    Topics.all().stream()
        .filter(t -> t.cleanup() == CleanupPolicy.COMPACT)
        .forEach(t -> assertNull(t.retention(), t.name()));
  }

  @Test
  void shouldGiveUsageTopicsTheMostPartitionsAndConfigOne() {
    Map<String, Integer> partitions = by(Topic::partitions);

    assertEquals(1, partitions.get("tollgate.config"));
    assertEquals(6, partitions.get("tollgate.usage"));
    assertEquals(6, partitions.get("tollgate.usage.priced"));
    assertEquals(6, partitions.get("tollgate.usage.rollups"));
    assertEquals(3, partitions.get("tollgate.budget.decisions"));
    assertEquals(3, partitions.get("tollgate.budget.alerts"));
    assertEquals(1, partitions.get("tollgate.provider.registrations"));
    assertEquals(3, partitions.get("tollgate.routes"));
  }

  @Test
  void shouldCreateTopicsWithTheirCleanupPolicyAndRetentionInMilliseconds() {
    Map<String, String> usage = Topics.USAGE.configs();
    Map<String, String> routes = Topics.ROUTES.configs();

    assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "604800000"), usage);
    assertEquals(Map.of("cleanup.policy", "compact"), routes);
  }

  @Test
  void shouldCarryAJsonSerdeForItsValueTypeAndStringKeysExceptTheFastUsageSerde() {
    for (Topic<?, ?> topic : Topics.all()) {
      if (deadLetterTopics().contains(topic)) {
        continue;
      }
      assertEquals(String.class, topic.keyType(), topic.name());
      assertEquals(Serdes.String().getClass(), topic.keySerde().getClass(), topic.name());
      if (topic == Topics.USAGE) {
        // one event per request: written and read without the generic mapper, to the same bytes and records
        assertEquals(UsageEventSerde.class, topic.valueSerde().getClass());
        continue;
      }
      assertSame(topic.valueType(), ((JsonSerde<?>) topic.valueSerde()).type(), topic.name());
    }
  }

  @Test
  void shouldCarryEverySampleThroughTheSerdesOfItsTopic() {
    for (Sample<?> sample : RecordSamples.all()) {
      Topic<?, ?> topic =
          Topics.all().stream().filter(t -> t.valueType() == sample.type()).findFirst().orElseThrow();

      Object back = roundTrip(topic, sample.value());

      assertEquals(sample.value(), back, sample.name());
    }
  }

  @Test
  void shouldKeepDeadLettersAsRawBytesForThirtyDays() {
    for (Topic<?, ?> topic : deadLetterTopics()) {
      assertEquals(byte[].class, topic.keyType(), topic.name());
      assertEquals(byte[].class, topic.valueType(), topic.name());
      assertEquals(Serdes.ByteArray().getClass(), topic.valueSerde().getClass(), topic.name());
      assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "2592000000"), topic.configs(), topic.name());
    }
  }

  @Test
  void shouldRejectATopicWithoutPartitions() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Topic<>("t", 0, CleanupPolicy.DELETE, null, Serdes.String(), Serdes.String(), String.class,
                    String.class));

    assertEquals("t: partitions must be >= 1", e.getMessage());
  }

  private static List<Topic<?, ?>> deadLetterTopics() {
    return List.of(Topics.METERING_DEAD_LETTERS, Topics.BUDGET_DEAD_LETTERS, Topics.ROUTING_DEAD_LETTERS);
  }

  private static <V> V roundTrip(Topic<?, V> topic, Object value) {
    V typed = topic.valueType().cast(value);
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), typed);
    return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
  }

  private static <T> Map<String, T> by(Function<Topic<?, ?>, T> property) {
    Map<String, T> values = new LinkedHashMap<>();
    Topics.all().forEach(t -> values.put(t.name(), property.apply(t)));
    return values;
  }

  private static Object valueOf(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
