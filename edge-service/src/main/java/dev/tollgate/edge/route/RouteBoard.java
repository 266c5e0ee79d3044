package dev.tollgate.edge.route;

import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The latest {@link RouteTable} per model alias, kept from the compacted topic {@code tollgate.routes}: a daemon
 * thread reads every partition from the beginning, without a consumer group (every edge sees every table), and then
 * follows the topic. A tombstone forgets an alias. Reading a table never blocks; while the board has none, the edge
 * routes from the configuration alone.
 */
public final class RouteBoard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteBoard.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, RouteTable> tables = new ConcurrentHashMap<>();
  private final Consumer<String, byte[]> consumer;
  private final Deserializer<RouteTable> values;
  private final String topic;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  // Owned by the reading thread.
  private boolean assigned;
  private String failure;

  private RouteBoard(Consumer<String, byte[]> consumer, Deserializer<RouteTable> values, String topic) {
    this.consumer = consumer;
    this.values = values;
    this.topic = topic;
    this.thread = new Thread(this::run, "tollgate-route-board");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> LOG.error("route board stopped; routes will go stale", e));
  }

  /**
   * Starts a board on {@link Topics#ROUTES}.
   *
   * @param clientConfig Kafka consumer settings such as {@code bootstrap.servers}; the settings that make it a
   *     board (reads from the beginning, no group, no auto-commit) are set here
   * @return a running board; {@link #close()} it when the edge stops
   */
  public static RouteBoard start(Map<String, Object> clientConfig) {
    return start(clientConfig, Topics.ROUTES);
  }

  /** Starts a board on another topic than {@link Topics#ROUTES}: for tests and namespaced clusters. */
  public static RouteBoard start(Map<String, Object> clientConfig, Topic<String, RouteTable> topic) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-route-board");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // only the routing service's topic initializer creates it, compacted
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    RouteBoard board = new RouteBoard(consumer, topic.valueSerde().deserializer(), topic.name());
    board.thread.start();
    return board;
  }

  /** The latest table of {@code alias}, if the routing service published one. */
  public Optional<RouteTable> table(String alias) {
    return Optional.ofNullable(tables.get(alias));
  }

  /** How many aliases have a table. */
  public int size() {
    return tables.size();
  }

  /** Stops reading and waits for the thread to end; the tables held stay readable. */
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
          failed(e);
          pause(RETRY_DELAY);
        }
      }
    } finally {
      consumer.close(CLOSE_TIMEOUT);
    }
  }

  private void step() {
    if (!assigned && !assign()) {
      pause(RETRY_DELAY);
      return;
    }
    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
      read(record);
    }
  }

  /** Assigns every partition of the topic; until the routing service created it, there is nothing to read. */
  private boolean assign() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      return false;
    }
    List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    assigned = true;
    return true;
  }

  private void read(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      tables.remove(record.key());
      return;
    }
    try {
      tables.put(record.key(), values.deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      LOG.warn("skipping route table {} at offset {}: it cannot be read ({})", record.key(), record.offset(),
          e.getMessage());
    }
  }

  private void failed(RuntimeException e) {
    String state = e.getClass().getName();
    if (!state.equals(failure)) {
      failure = state;
      LOG.warn("route board cannot read {} ({}); routing from its last tables until it can", topic, e.toString());
    }
  }

  private void recovered() {
    if (failure != null) {
      LOG.info("route board reads {} again", topic);
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
