package dev.tollgate.edge.budget;

import static dev.tollgate.edge.budget.BudgetFixtures.budget;
import static dev.tollgate.edge.budget.BudgetFixtures.decision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.topic.CleanupPolicy;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TestProducers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two boards on one real broker, as two edges run: each reads every decision from the beginning of the topic
 * without a consumer group, follows newer ones and tombstones, and notes that it hears from the broker.
 */
class DecisionBoardIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.parse("2026-11-15T12:00:00Z");
  private static final BudgetConfig TENANT =
      budget("acme-monthly", new BudgetScope("acme", null, null), 1_000, BudgetMode.HARD);
  private static final BudgetConfig KEY = budget("k1-daily", new BudgetScope("acme", "k1", null), 500, BudgetMode.HARD);

  @Test
  void shouldKeepTheLatestDecisionPerBudgetOnEveryBoard() throws Exception {
    Topic<String, BudgetDecision> topic = uniqueTopic();
    try (KafkaProducer<String, byte[]> producer = TestProducers.of(KafkaFixture.bootstrapServers(),
        new StringSerializer(), new ByteArraySerializer())) {
      send(producer, topic, TENANT.id(), decision(TENANT, 100, Verdict.ALLOW, T0));
      send(producer, topic, KEY.id(), decision(KEY, 500, Verdict.BLOCK, T0));

      DecisionTable first = new DecisionTable();
      DecisionTable second = new DecisionTable();
      try (DecisionBoard a = start(topic, first, "edge-a"); DecisionBoard b = start(topic, second, "edge-b")) {
        for (DecisionTable table : new DecisionTable[] {first, second}) {
          Await.until(DEADLINE, () -> table.heardAt().isPresent() && table.size() == 2,
              "a board to load both decisions and hear from the broker");
          assertEquals(Verdict.BLOCK, table.decision(KEY.id()).orElseThrow().verdict());
        }

        BudgetDecision raised = decision(TENANT, 900, Verdict.WARN, T0.plusSeconds(10));
        send(producer, topic, TENANT.id(), raised);
        send(producer, topic, KEY.id(), null);

        for (DecisionTable table : new DecisionTable[] {first, second}) {
          Await.until(DEADLINE, () -> table.decision(KEY.id()).isEmpty()
              && table.decision(TENANT.id()).equals(Optional.of(raised)), "a board to follow the topic");
        }
      }
    }
  }

  private static DecisionBoard start(Topic<String, BudgetDecision> topic, DecisionTable table, String edge) {
    return DecisionBoard.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ConsumerConfig.CLIENT_ID_CONFIG, "budget-board-" + edge), topic, table, Clock.systemUTC());
  }

  private static void send(KafkaProducer<String, byte[]> producer, Topic<String, BudgetDecision> topic, String key,
      BudgetDecision decision) throws Exception {
    byte[] value = decision == null ? null : topic.valueSerde().serializer().serialize(topic.name(), decision);
    producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
  }

  private static Topic<String, BudgetDecision> uniqueTopic() {
    Topic<String, BudgetDecision> catalog = Topics.BUDGET_DECISIONS;
    String name;
    try (Admin admin = KafkaTopics.admin()) {
      name = KafkaTopics.createUnique(admin, "budget-decisions", 3);
    }
    return new Topic<>(name, 3, CleanupPolicy.COMPACT, null, catalog.keySerde(), catalog.valueSerde(),
        String.class, BudgetDecision.class);
  }
}
