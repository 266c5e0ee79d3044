package dev.tollgate.edge.budget;

import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link DecisionTable} current from the compacted topic {@code tollgate.budget.decisions}: a daemon thread
 * reads every partition from the beginning, without a consumer group (every edge sees every decision), committed
 * records only, and then follows the topic. A tombstone forgets a budget.
 *
 * <p>Kafka's consumer does not fail a poll when the broker is gone, it just returns nothing; so the board asks the
 * broker for the end offsets at least every {@link #CONTACT_INTERVAL} and notes {@link DecisionTable#heard} only
 * when the broker answered and the board had read up to them. The request path never waits on any of this.
 */
public final class DecisionBoard implements AutoCloseable {
  /** How often the board proves it can still reach the broker while no decision arrives. */
  static final Duration CONTACT_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(DecisionBoard.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Consumer<String, byte[]> consumer;
  private final Deserializer<BudgetDecision> values;
  private final String topic;
  private final DecisionTable table;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  // Owned by the reading thread.
  private List<TopicPartition> partitions;
  private long nextContactMillis;
  private boolean loaded;
  private String failure;

  private DecisionBoard(Consumer<String, byte[]> consumer, Deserializer<BudgetDecision> values, String topic,
      DecisionTable table, Clock clock) {
    this.consumer = consumer;
    this.values = values;
    this.topic = topic;
    this.table = table;
    this.clock = clock;
    this.thread = new Thread(this::run, "tollgate-budget-board");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> LOG.error("budget board stopped; decisions will go stale", e));
  }

  /**
   * Starts a board on {@link Topics#BUDGET_DECISIONS}.
   *
   * @param clientConfig Kafka consumer settings such as {@code bootstrap.servers}; the settings that make it a
   *     board (committed reads from the beginning, no group, no auto-commit) are set here
   * @param table where the decisions go
   * @param clock the wall clock that dates contact with the broker
   * @return a running board; {@link #close()} it when the edge stops
   */
  public static DecisionBoard start(Map<String, Object> clientConfig, DecisionTable table, Clock clock) {
    return start(clientConfig, Topics.BUDGET_DECISIONS, table, clock);
  }

  /** Starts a board on another topic than {@link Topics#BUDGET_DECISIONS}: for tests and namespaced clusters. */
  public static DecisionBoard start(Map<String, Object> clientConfig, Topic<String, BudgetDecision> topic,
      DecisionTable table, Clock clock) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-budget-board");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // only the budget service's topic initializer creates it, compacted
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    DecisionBoard board = new DecisionBoard(consumer, topic.valueSerde().deserializer(), topic.name(), table, clock);
    board.thread.start();
    return board;
  }

  /** Stops reading and waits for the thread to end; the table keeps its last decisions. */
  @Override
  public void close() {
    closing.countDown();
    consumer.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (closing.getCount() > 0) {
        try {
          step();
          recovered();
        } catch (WakeupException e) {
          // close() woke the consumer; the loop condition ends the thread
        } catch (RuntimeException e) {
          // broker gone, timeouts, authorization: the table keeps its decisions and ages
          failed(e);
          pause(RETRY_DELAY);
        }
      }
    } finally {
      consumer.close(CLOSE_TIMEOUT);
    }
  }

  private void step() {
    if (partitions == null && !assign()) {
      pause(RETRY_DELAY);
      return;
    }
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
    for (ConsumerRecord<String, byte[]> record : records) {
      read(record);
    }
    long now = clock.millis();
    if (now >= nextContactMillis && reachedEnd()) {
      nextContactMillis = now + CONTACT_INTERVAL.toMillis();
      table.heard(clock.instant());
    }
  }

  /** Assigns every partition of the topic; a missing topic means no decision was ever taken, which is news too. */
  private boolean assign() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      table.heard(clock.instant());
      return false;
    }
    partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return true;
  }

  /**
   * Asks the broker where the topic ends, which throws when it cannot be reached. Until the board has read up to
   * those ends once, it is still loading and has not really heard the current decisions; after that, every answer
   * counts, even while new decisions keep it a few records behind.
   */
  private boolean reachedEnd() {
    // under read_committed these are the last stable offsets: an open transaction is not waited for
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
    if (loaded) {
      return true;
    }
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), REQUEST_TIMEOUT) < end.getValue()) {
        return false;
      }
    }
    loaded = true;
    LOG.info("budget board loaded {} decisions from {}", table.size(), topic);
    return true;
  }

  private void read(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      LOG.warn("skipping a decision without a key at {}-{}@{}", record.topic(), record.partition(), record.offset());
      return;
    }
    if (record.value() == null) {
      table.remove(record.key());
      return;
    }
    try {
      BudgetDecision decision = values.deserialize(record.topic(), record.value());
      if (!table.put(decision)) {
        LOG.info("ignoring decision {} of budget {} at offset {}: the one held was decided later in its window",
            decision.decidedAt(), record.key(), record.offset());
      }
    } catch (RuntimeException e) {
      LOG.warn("skipping budget decision {} at offset {}: it cannot be read ({})", record.key(), record.offset(),
          e.getMessage());
    }
  }

  private void failed(RuntimeException e) {
    String state = e.getClass().getName();
    if (!state.equals(failure)) {
      failure = state;
      LOG.warn("budget board cannot read {} ({}); serving its last decisions until it can", topic, e.toString());
    }
  }

  private void recovered() {
    if (failure != null) {
      LOG.info("budget board reads {} again", topic);
      failure = null;
    }
  }

  private void pause(Duration delay) {
    try {
      closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }
}
