package dev.tollgate.bench.kafka;

import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.PricedUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the ledger ({@code tollgate.usage.priced}) and the budget decisions from their ends at creation, as a
 * {@code read_committed} reader (what the budget service and the edges see): counts the ledger lines, keeps the
 * lines of one tenant by request id and the first {@code block} decision of each budget, and when it read them (its
 * fetches wait at most 20 ms, so that is within about 20 ms of the transaction's commit). Only that tenant's lines
 * are decoded (the ledger is keyed by tenant), so counting a large ledger costs little.
 */
public final class TopicWatch implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String tenant;
  private final AtomicLong ledgerLines = new AtomicLong();
  private final Map<String, PricedUsage> lines = new ConcurrentHashMap<>();
  private final Map<String, Instant> lineSeen = new ConcurrentHashMap<>();
  private final Map<String, Instant> blocks = new ConcurrentHashMap<>();
  private final Map<String, Instant> blockSeen = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * Starts following both topics from their current ends.
   *
   * @param bootstrap the cluster
   * @param tenant whose ledger lines to keep (an empty string: none, only counting)
   */
  public TopicWatch(String bootstrap, String tenant) {
    this.tenant = tenant;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.USAGE_PRICED.name(), Topics.BUDGET_DECISIONS.name())) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // resolve the ends now, so that nothing written after this constructor is missed
    partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
    thread = new Thread(this::run, "bench-topic-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Ledger lines read since the start. */
  public long ledgerLines() {
    return ledgerLines.get();
  }

  /** The ledger line of {@code requestId}, if read (the watched tenant's only). */
  public Optional<PricedUsage> line(String requestId) {
    return Optional.ofNullable(lines.get(requestId));
  }

  /** When this watch read the ledger line of {@code requestId}: about when its transaction committed. */
  public Optional<Instant> lineSeen(String requestId) {
    return Optional.ofNullable(lineSeen.get(requestId));
  }

  /** When this watch read the first {@code block} decision of {@code budgetId}: about when it was committed. */
  public Optional<Instant> blockSeen(String budgetId) {
    return Optional.ofNullable(blockSeen.get(budgetId));
  }

  /** The {@code decided_at} of the first {@code block} decision of {@code budgetId}, if read. */
  public Optional<Instant> blockedAt(String budgetId) {
    return Optional.ofNullable(blocks.get(budgetId));
  }

  private void run() {
    var pricedValues = Topics.USAGE_PRICED.valueSerde().deserializer();
    var decisionValues = Topics.BUDGET_DECISIONS.valueSerde().deserializer();
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          if (record.topic().equals(Topics.USAGE_PRICED.name())) {
            ledgerLines.incrementAndGet();
            if (tenant.equals(record.key())) {
              PricedUsage line = pricedValues.deserialize(record.topic(), record.value());
              lines.put(line.usage().requestId(), line);
              lineSeen.putIfAbsent(line.usage().requestId(), Instant.now());
            }
          } else if (record.value() != null) {
            BudgetDecision decision = decisionValues.deserialize(record.topic(), record.value());
            if (decision.verdict() == Verdict.BLOCK) {
              blocks.putIfAbsent(record.key(), decision.decidedAt());
              blockSeen.putIfAbsent(record.key(), Instant.now());
            }
          }
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Counts the records of {@code tollgate.usage} (its producers are not transactional: end minus start). */
  public static long usageEvents(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int partitions = admin.describeTopics(List.of(Topics.USAGE.name())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(Topics.USAGE.name()).partitions().size();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        earliest.put(new TopicPartition(Topics.USAGE.name(), p), OffsetSpec.earliest());
        latest.put(new TopicPartition(Topics.USAGE.name(), p), OffsetSpec.latest());
      }
      long count = 0;
      for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
        count += end.offset();
      }
      for (var start : admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values()) {
        count -= start.offset();
      }
      return count;
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
