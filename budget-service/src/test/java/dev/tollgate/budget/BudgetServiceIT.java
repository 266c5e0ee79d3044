package dev.tollgate.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.webhook.WebhookSettings;
import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.deadletter.DeadLetterHandler;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.TestProducers;
import dev.tollgate.testkit.TopicReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget service on a real broker: decisions from priced usage, and alerts delivered to a failing webhook. */
class BudgetServiceIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final AtomicLong REVISIONS = new AtomicLong();

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
  }

  @Test
  void shouldBlockAtTheLimitDeliverEachAlertOnceDespiteAFailureAndUnblockWhenRaised() throws Exception {
    // Given a $1 hard daily budget with alerts at 50% and 100% to a webhook that fails its first delivery
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "tenant-" + run;
    String budgetId = "budget-" + run;
    try (WebhookReceiver webhook = new WebhookReceiver()) {
      publish(budget(budgetId, tenant, "1.00", webhook.url()));
      BudgetSettings settings = BudgetSettings.defaults().withApplicationId("budget-it-" + run);
      WebhookSettings webhooks = WebhookSettings.defaults().withGroupId("budget-it-hooks-" + run)
          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).withCooldown(Duration.ofMillis(10));

      try (BudgetService budget = BudgetService.start(KafkaFixture.bootstrapServers(), settings, webhooks, stateDir)) {
        budget.awaitRunning(DEADLINE);
        // a budget holds the spend counted after it is in force: its first decision says it is
        decisionOf(budgetId, d -> d.verdict() == Verdict.ALLOW);

        // When $0.60 then $0.50 are spent
        Instant now = Instant.now();
        produce(line(run + "-r1", tenant, now, 600_000_000L), line(run + "-r2", tenant, now, 500_000_000L));

        // Then the budget blocks at $1.10 spent
        BudgetDecision blocked = decisionOf(budgetId, d -> d.verdict() == Verdict.BLOCK);
        assertEquals(1_100_000_000L, blocked.spentNanoUsd());
        assertEquals(0, blocked.remainingNanoUsd());

        // and each alert reaches the webhook once, the first delivery having failed with a 500
        Await.until(DEADLINE, () -> webhook.accepted().size() == 2, "both alerts delivered");
        Map<String, List<String>> accepted = webhook.accepted();
        assertEquals(
            Set.of(budgetId + "/" + blocked.windowStart() + "/50", budgetId + "/" + blocked.windowStart() + "/100"),
            accepted.keySet());
        accepted.forEach((key, copies) -> assertEquals(1, copies.size(), "deliveries of " + key));
        assertTrue(webhook.requests() >= 3, "the failed first delivery was retried");
        assertTrue(accepted.values().iterator().next().get(0).contains("\"budget_id\":\"" + budgetId + "\""));

        // When the budget is raised, it unblocks without any new spend
        publish(budget(budgetId, tenant, "5.00", webhook.url()));
        BudgetDecision raised = decisionOf(budgetId, d -> d.limitNanoUsd() == 5_000_000_000L);
        assertEquals(Verdict.ALLOW, raised.verdict());
        assertEquals(1_100_000_000L, raised.spentNanoUsd());
      }
    }
  }

  @Test
  void shouldKeepSpendAndAlertedThresholdsAcrossARestart() throws Exception {
    // Given a budget that alerted at 50% before the service stopped
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "tenant-" + run;
    String budgetId = "budget-" + run;
    BudgetSettings settings = BudgetSettings.defaults().withApplicationId("budget-it-" + run);
    WebhookSettings webhooks = WebhookSettings.defaults().withGroupId("budget-it-hooks-" + run);
    publish(budget(budgetId, tenant, "1.00", null));
    try (BudgetService budget = BudgetService.start(KafkaFixture.bootstrapServers(), settings, webhooks, stateDir)) {
      budget.awaitRunning(DEADLINE);
      decisionOf(budgetId, d -> d.verdict() == Verdict.ALLOW);
      produce(line(run + "-r1", tenant, Instant.now(), 600_000_000L));
      decisionOf(budgetId, d -> d.spentNanoUsd() == 600_000_000L);
    }

    // When it runs again and the spend reaches 100%
    try (BudgetService budget = BudgetService.start(KafkaFixture.bootstrapServers(), settings, webhooks, stateDir)) {
      budget.awaitRunning(DEADLINE);
      produce(line(run + "-r2", tenant, Instant.now(), 500_000_000L));

      // Then the spend went on from $0.60, and 50% was not alerted a second time
      assertEquals(1_100_000_000L, decisionOf(budgetId, d -> d.verdict() == Verdict.BLOCK).spentNanoUsd());
      List<BudgetAlert> alerts = alertsOf(budgetId, read -> read.stream().anyMatch(a -> a.thresholdPercent() == 100));
      assertEquals(List.of(50, 100), alerts.stream().map(BudgetAlert::thresholdPercent).toList());
    }
  }

  @Test
  void shouldMoveAnUnreadableLedgerLineToTheDeadLetterTopicAndCountTheOthersOnce() throws Exception {
    // Given a running budget
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "tenant-" + run;
    String budgetId = "budget-" + run;
    BudgetSettings settings = BudgetSettings.defaults().withApplicationId("budget-dlq-it-" + run);
    WebhookSettings webhooks = WebhookSettings.defaults().withGroupId("budget-dlq-it-hooks-" + run);
    publish(budget(budgetId, tenant, "1.00", null));
    try (BudgetService budget = BudgetService.start(KafkaFixture.bootstrapServers(), settings, webhooks, stateDir)) {
      budget.awaitRunning(DEADLINE);
      decisionOf(budgetId, d -> d.verdict() == Verdict.ALLOW);

      // When a ledger line without its cost arrives between two valid ones, on the tenant's partition
      Instant now = Instant.now();
      ObjectNode noCost = Json.mapper().valueToTree(line(run + "-r0", tenant, now, 900_000_000L));
      noCost.remove("cost");
      byte[] unreadable = Json.mapper().writeValueAsBytes(noCost);
      Serializer<PricedUsage> json = Topics.USAGE_PRICED.valueSerde().serializer();
      byte[] key = tenant.getBytes(StandardCharsets.UTF_8);
      try (KafkaProducer<byte[], byte[]> producer = TestProducers.of(
          KafkaFixture.bootstrapServers(), new ByteArraySerializer(), new ByteArraySerializer())) {
        for (byte[] value : List.of(
            json.serialize(Topics.USAGE_PRICED.name(), line(run + "-r1", tenant, now, 300_000_000L)),
            unreadable,
            json.serialize(Topics.USAGE_PRICED.name(), line(run + "-r2", tenant, now, 400_000_000L)))) {
          producer.send(new ProducerRecord<>(Topics.USAGE_PRICED.name(), key, value)).get();
        }
      }

      // Then the valid lines are counted once each, and the other is on the dead-letter topic once, as read
      assertEquals(700_000_000L, decisionOf(budgetId, d -> d.spentNanoUsd() >= 700_000_000L).spentNanoUsd());
      List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.of(
              Topics.BUDGET_DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
          .readUntil(read -> read.stream().anyMatch(r -> Arrays.equals(unreadable, r.value())), DEADLINE)
          .stream().filter(r -> Arrays.equals(unreadable, r.value())).toList();
      assertEquals(1, letters.size());
      assertArrayEquals(key, letters.get(0).key());
      assertEquals(Topics.USAGE_PRICED.name(),
          new String(letters.get(0).headers().lastHeader(DeadLetterHandler.TOPIC).value(), StandardCharsets.UTF_8));
      assertEquals(KafkaStreams.State.RUNNING, budget.state());
    }
  }

  /** The alerts of a budget, in order, once {@code done} holds for them; alerts of one scope share a partition. */
  private static List<BudgetAlert> alertsOf(String budgetId, Predicate<List<BudgetAlert>> done) {
    Function<List<ConsumerRecord<String, BudgetAlert>>, List<BudgetAlert>> ours = records -> records.stream()
        .map(ConsumerRecord::value)
        .filter(alert -> alert != null && budgetId.equals(alert.budgetId()))
        .toList();
    return ours.apply(TopicReader.of(Topics.BUDGET_ALERTS.name(),
            Topics.BUDGET_ALERTS.keySerde().deserializer(), Topics.BUDGET_ALERTS.valueSerde().deserializer())
        .readUntil(records -> done.test(ours.apply(records)), DEADLINE));
  }

  /** The latest decision of a budget once one satisfies {@code done}, read committed. */
  private static BudgetDecision decisionOf(String budgetId, Predicate<BudgetDecision> done) {
    List<ConsumerRecord<String, BudgetDecision>> read = TopicReader.of(Topics.BUDGET_DECISIONS.name(),
            Topics.BUDGET_DECISIONS.keySerde().deserializer(), Topics.BUDGET_DECISIONS.valueSerde().deserializer())
        .readUntil(records -> records.stream()
            .anyMatch(r -> budgetId.equals(r.key()) && r.value() != null && done.test(r.value())), DEADLINE);
    return read.stream()
        .filter(r -> budgetId.equals(r.key()) && r.value() != null && done.test(r.value()))
        .reduce((first, second) -> second).orElseThrow().value();
  }

  /** One transaction ending with the revision marker, as {@code tollgate apply} writes it. */
  private static void publish(BudgetConfig budget) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "budget-it-config-" + UUID.randomUUID(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    ConfigRevision marker = new ConfigRevision(
        ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, REVISIONS.incrementAndGet(), Instant.now(),
        ConfigSnapshot.of(List.of(budget)).checksum(), 1);
    try (KafkaProducer<String, ConfigEntity> producer = new KafkaProducer<>(
        config, Topics.CONFIG.keySerde().serializer(), Topics.CONFIG.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (ConfigEntity entity : List.<ConfigEntity>of(budget, marker)) {
        producer.send(new ProducerRecord<>(Topics.CONFIG.name(), entity.topicKey(), entity));
      }
      producer.commitTransaction();
    }
  }

  private static void produce(PricedUsage... lines) throws Exception {
    try (KafkaProducer<String, PricedUsage> producer = TestProducers.of(KafkaFixture.bootstrapServers(),
        Topics.USAGE_PRICED.keySerde().serializer(), Topics.USAGE_PRICED.valueSerde().serializer())) {
      for (PricedUsage line : lines) {
        producer.send(new ProducerRecord<>(Topics.USAGE_PRICED.name(), null,
            line.usage().startedAt().toEpochMilli(), line.topicKey(), line)).get();
      }
    }
  }

  private static BudgetConfig budget(String id, String tenant, String amountUsd, String webhookUrl) {
    return new BudgetConfig(BudgetConfig.CURRENT_SCHEMA_VERSION, id, new BudgetScope(tenant, null, null),
        new BigDecimal(amountUsd), new BudgetWindow(BudgetWindow.WindowKind.DAILY, null), List.of(50, 100),
        BudgetMode.HARD, null, webhookUrl);
  }

  private static PricedUsage line(String requestId, String tenant, Instant at, long nanoUsd) {
    UsageEvent usage = new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, requestId, tenant, "k1",
        Endpoint.CHAT_COMPLETIONS, "gpt-4o", "openai", "d1", "upstream", 1, new TokenCounts(10, 10, 0, 0),
        UsageSource.PROVIDER, Outcome.OK, 200, false, at, at.plusMillis(100), 100, null, "edge-1");
    return new PricedUsage(PricedUsage.CURRENT_SCHEMA_VERSION, usage,
        new Price(null, BigDecimal.ONE, BigDecimal.ONE, null, null), new Cost(nanoUsd, 0, 0, 0), false, at);
  }
}
