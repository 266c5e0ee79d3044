package dev.tollgate.edge.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.CleanupPolicy;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TestProducers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Two route boards on one real broker, as two edges run: each loads every table, follows updates and tombstones. */
class RouteBoardIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.parse("2026-11-15T12:00:00Z");

  @Test
  void shouldKeepTheLatestTablePerAliasOnEveryBoard() throws Exception {
    Topic<String, RouteTable> topic = uniqueTopic();
    try (KafkaProducer<String, byte[]> producer = TestProducers.of(KafkaFixture.bootstrapServers(),
        new StringSerializer(), new ByteArraySerializer())) {
      send(producer, topic, "chat", table("chat", 1, T0));
      send(producer, topic, "embed", table("embed", 1, T0));

      try (RouteBoard a = start(topic, "edge-a"); RouteBoard b = start(topic, "edge-b")) {
        for (RouteBoard board : new RouteBoard[] {a, b}) {
          Await.until(DEADLINE, () -> board.size() == 2, "a board to load both tables");
        }

        RouteTable reweighted = table("chat", 7, T0.plusSeconds(1));
        send(producer, topic, "chat", reweighted);
        send(producer, topic, "embed", null);

        for (RouteBoard board : new RouteBoard[] {a, b}) {
          Await.until(DEADLINE, () -> board.table("embed").isEmpty() && board.table("chat").isPresent()
              && board.table("chat").get().equals(reweighted), "a board to follow the topic");
        }
        assertEquals(1, a.size());
      }
    }
  }

  private static RouteTable table(String alias, int weight, Instant at) {
    return new RouteTable(1, alias, RouteStrategy.WEIGHTED, List.of(
        new RouteCandidate("d", "p", "m", weight, 0, DeploymentHealth.UNKNOWN, null, null)), List.of(), at);
  }

  private static RouteBoard start(Topic<String, RouteTable> topic, String edge) {
    return RouteBoard.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ConsumerConfig.CLIENT_ID_CONFIG, "route-board-" + edge), topic);
  }

  private static void send(KafkaProducer<String, byte[]> producer, Topic<String, RouteTable> topic, String key,
      RouteTable table) throws Exception {
    byte[] value = table == null ? null : topic.valueSerde().serializer().serialize(topic.name(), table);
    producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
  }

  private static Topic<String, RouteTable> uniqueTopic() {
    Topic<String, RouteTable> catalog = Topics.ROUTES;
    String name;
    try (Admin admin = KafkaTopics.admin()) {
      name = KafkaTopics.createUnique(admin, "routes", 3);
    }
    return new Topic<>(name, 3, CleanupPolicy.COMPACT, null, catalog.keySerde(), catalog.valueSerde(),
        String.class, RouteTable.class);
  }
}
