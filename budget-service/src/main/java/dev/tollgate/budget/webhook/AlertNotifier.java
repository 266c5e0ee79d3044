package dev.tollgate.budget.webhook;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@code tollgate.budget.alerts} to the budgets' webhooks, on its own consumer and thread, so a slow or
 * failing webhook never holds up the Streams job; it only delays the alerts behind it on this consumer.
 *
 * <p>It reads committed alerts only, a batch at a time. The alerts of one batch are delivered concurrently across
 * budgets and in order within a budget, at most one delivery start per budget per cooldown. While a batch is out,
 * the consumer is paused and keeps polling, so it stays in its group however long the retries take. The offsets
 * are committed once every alert of the batch is delivered or given up: a crash in between delivers the batch
 * again, so delivery is at least once, and the receiver drops a second copy by its {@code Idempotency-Key}. An
 * alert whose budget has no webhook (or no longer exists) is skipped.
 */
public final class AlertNotifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Consumer<String, BudgetAlert> consumer;
  private final Function<String, Optional<String>> webhookOf;
  private final WebhookClient client;
  private final Duration cooldown;
  private final Thread thread;
  private final Map<String, Instant> lastStart = new ConcurrentHashMap<>();
  private volatile boolean closing;
  // Owned by the polling thread.
  private boolean batchOut;

  private AlertNotifier(Consumer<String, BudgetAlert> consumer, Function<String, Optional<String>> webhookOf,
      WebhookSettings settings) {
    this.consumer = consumer;
    this.webhookOf = webhookOf;
    this.client = new WebhookClient(settings);
    this.cooldown = settings.cooldown();
    this.thread = new Thread(this::run, "tollgate-budget-webhooks");
    thread.setDaemon(true);
  }

  /**
   * Starts delivering.
   *
   * @param bootstrapServers the cluster
   * @param settings retries, timeouts, cooldown and consumer group
   * @param webhookOf the webhook URL of a budget id, if it has one; read on every alert, so a changed URL applies
   * @return the running notifier; {@link #close()} it
   */
  public static AlertNotifier start(String bootstrapServers, WebhookSettings settings,
      Function<String, Optional<String>> webhookOf) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // a new group starts at the beginning: an alert raised before the notifier first ran is still delivered
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    AlertNotifier notifier = new AlertNotifier(new KafkaConsumer<>(config,
        Topics.BUDGET_ALERTS.keySerde().deserializer(), Topics.BUDGET_ALERTS.valueSerde().deserializer()),
        webhookOf, settings);
    notifier.thread.start();
    return notifier;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.BUDGET_ALERTS.name()), new PauseNewPartitions());
      while (!closing) {
        ConsumerRecords<String, BudgetAlert> batch = poll();
        if (!batch.isEmpty()) {
          deliver(batch);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("the budget webhook notifier stopped; alerts are no longer delivered until a restart", e);
    } finally {
      consumer.close(CLOSE_TIMEOUT);
    }
  }

  private ConsumerRecords<String, BudgetAlert> poll() {
    try {
      return consumer.poll(POLL);
    } catch (RecordDeserializationException e) {
      LOG.warn("skipping an unreadable alert at {} offset {}", e.topicPartition(), e.offset());
      consumer.seek(e.topicPartition(), e.offset() + 1);
      return ConsumerRecords.empty();
    }
  }

  /** Delivers a batch while the consumer, paused, keeps polling; then commits it. */
  private void deliver(ConsumerRecords<String, BudgetAlert> batch) {
    consumer.pause(consumer.assignment());
    batchOut = true;
    try {
      CompletableFuture<Void> done = deliverAll(batch);
      while (!done.isDone()) {
        if (closing) {
          return;  // not committed: delivered again after the restart
        }
        consumer.poll(POLL);
      }
      commit(batch);
    } finally {
      batchOut = false;
      consumer.resume(consumer.paused());
    }
  }

  private CompletableFuture<Void> deliverAll(ConsumerRecords<String, BudgetAlert> batch) {
    Map<String, List<BudgetAlert>> byBudget = new LinkedHashMap<>();
    for (ConsumerRecord<String, BudgetAlert> record : batch) {
      if (record.value() != null) {
        byBudget.computeIfAbsent(record.value().budgetId(), id -> new ArrayList<>()).add(record.value());
      }
    }
    List<CompletableFuture<Void>> chains = new ArrayList<>();
    byBudget.forEach((budgetId, alerts) -> {
      CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
      for (BudgetAlert alert : alerts) {
        chain = chain.thenCompose(ignored -> deliverOne(alert));
      }
      chains.add(chain);
    });
    return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> deliverOne(BudgetAlert alert) {
    Optional<String> url = webhookOf.apply(alert.budgetId()).filter(u -> !u.isBlank());
    if (url.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long waitMs = cooldownLeft(alert.budgetId());
    return CompletableFuture.supplyAsync(() -> null,
            CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> {
          lastStart.put(alert.budgetId(), Instant.now());
          return client.deliver(url.get(), alert);
        })
        .thenApply(delivered -> null);
  }

  private long cooldownLeft(String budgetId) {
    Instant last = lastStart.get(budgetId);
    if (last == null) {
      return 0;
    }
    return Math.max(0, Duration.between(Instant.now(), last.plus(cooldown)).toMillis());
  }

  private void commit(ConsumerRecords<String, BudgetAlert> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : batch.partitions()) {
      if (consumer.assignment().contains(partition)) {
        List<ConsumerRecord<String, BudgetAlert>> records = batch.records(partition);
        offsets.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
      }
    }
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("could not commit delivered alerts ({}); they will be delivered again", e.getClass().getSimpleName());
    }
  }

  /** Stops polling and delivering; alerts not yet committed are delivered again by the next run. */
  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(CLOSE_TIMEOUT.toMillis() + POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Partitions assigned while a batch is out stay paused with the others until the batch is committed. */
  private final class PauseNewPartitions implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (batchOut) {
        consumer.pause(partitions);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // nothing to commit: what is out is delivered again by the partition's next owner
    }
  }
}
