package dev.tollgate.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TopicReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfigView} against the real test broker. Every test has a compacted, one-partition config topic of its own
 * and writes to it as an apply does: one committed transaction of entities and tombstones ending in a revision
 * marker. What the view logs is captured, to check what it says about records it skips.
 */
class ConfigViewIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Instant APPLIED_AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final Serializer<ConfigEntity> JSON = Topics.CONFIG.valueSerde().serializer();

  private static Admin admin;

  private CapturedLog log;

  @BeforeAll
  static void connect() {
    admin = KafkaTopics.admin();
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @BeforeEach
  void captureTheViewsLog() {
    log = CapturedLog.of(ConfigView.class);
  }

  @AfterEach
  void releaseTheViewsLog() {
    log.close();
  }

  @Test
  void shouldShowNothingOfAnApplyUntilItsRevisionMarker() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-marker");
    try (Applier applier = new Applier(topic);
        ConfigView view = startView(topic)) {
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      awaitRevision(view, 1);
      List<ConfigSnapshot> swaps = recordSwaps(view);

      // When
      applier.commit(entity(tenant("beta")));
      awaitReadPastEverythingCommitted(applier);

      // Then
      assertEquals(1, view.revision());
      assertEquals(snapshot(tenant("acme")), view.current());
      assertEquals(List.of(), swaps);
    }
  }

  @Test
  void shouldSwapInTheWholeApplyWhenItsRevisionMarkerArrives() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-swap");
    try (Applier applier = new Applier(topic);
        ConfigView view = startView(topic)) {
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      awaitRevision(view, 1);
      applier.commit(entity(tenant("beta")));
      awaitReadPastEverythingCommitted(applier);
      List<ConfigSnapshot> swaps = recordSwaps(view);

      // When
      applier.commit(marker(2, snapshot(tenant("acme"), tenant("beta"))));

      // Then
      awaitRevision(view, 2);
      assertEquals(snapshot(tenant("acme"), tenant("beta")), view.current());
      assertEquals(List.of(snapshot(tenant("acme"), tenant("beta"))), swaps);
    }
  }

  @Test
  void shouldShowOnlyTheLastRevisionWhenStartedAfterSeveralApplies() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-late");
    try (Applier applier = new Applier(topic)) {
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      applier.commit(entity(tenant("beta")), marker(2, snapshot(tenant("acme"), tenant("beta"))));
      applier.commit(tombstone(tenant("acme")), entity(tenant("gamma")),
          marker(3, snapshot(tenant("beta"), tenant("gamma"))));
    }
    // Every apply readable under read_committed, so that the view's first read covers all three.
    TopicReader.of(topic.name(), new StringDeserializer(), topic.valueSerde().deserializer())
        .readAtLeast(7, DEADLINE);

    // When
    try (ConfigView view = startView(topic)) {
      boolean loaded = view.awaitLoaded(DEADLINE);

      // Then
      assertTrue(loaded);
      assertEquals(3, view.revision());
      assertEquals(snapshot(tenant("beta"), tenant("gamma")), view.current());
      assertEquals(List.of(3L), log.revisionsPutInForce());
    }
  }

  @Test
  void shouldRemoveAnEntityOnATombstone() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-tombstone");
    try (Applier applier = new Applier(topic);
        ConfigView view = startView(topic)) {
      applier.commit(entity(tenant("acme")), entity(tenant("beta")),
          marker(1, snapshot(tenant("acme"), tenant("beta"))));
      awaitRevision(view, 1);

      // When
      applier.commit(tombstone(tenant("beta")), marker(2, snapshot(tenant("acme"))));

      // Then
      awaitRevision(view, 2);
      assertEquals(snapshot(tenant("acme")), view.current());
      assertTrue(view.current().tenant("beta").isEmpty());
    }
  }

  @Test
  void shouldBeLoadedAndEmptyWhenTheTopicDoesNotExistYet() {
    // Given
    Topic<String, ConfigEntity> topic = configTopic(KafkaTopics.uniqueName("config-view-missing"));

    // When
    try (ConfigView view = startView(topic)) {
      boolean loaded = view.awaitLoaded(DEADLINE);

      // Then
      assertTrue(loaded);
      assertTrue(view.current().isEmpty());
      assertEquals(0, view.revision());
    }
  }

  @Test
  void shouldSkipAnUnreadableRecordWithoutLoggingItsValueAndStillApplyTheRevision() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-unreadable");
    // Starts like a bare word, so a JSON parser's own error quotes it: logging that error would leak the value.
    String secret = "leaked" + UUID.randomUUID().toString().replace("-", "");
    byte[] garbage = (secret + " ]{ not json").getBytes(StandardCharsets.UTF_8);
    try (Applier applier = new Applier(topic);
        ConfigView view = startView(topic)) {
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      awaitRevision(view, 1);

      // When
      applier.commit(entity(tenant("beta")), unreadable("tenant/broken", garbage),
          marker(2, snapshot(tenant("acme"), tenant("beta"))));

      // Then
      awaitRevision(view, 2);
      assertEquals(snapshot(tenant("acme"), tenant("beta")), view.current());
      assertTrue(log.mentions("tenant/broken"), "the skipped record is logged by its key");
      assertFalse(log.mentions(secret), "a record's value never reaches the log: " + log.lines());
    }
  }

  /** Starts a view of {@code topic} on the test broker. */
  private static ConfigView startView(Topic<String, ConfigEntity> topic) {
    return ConfigView.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()), topic);
  }

  /** Waits until the view is loaded and has swapped in {@code revision}. */
  private static void awaitRevision(ConfigView view, long revision) {
    Await.until(DEADLINE, () -> view.isLoaded() && view.revision() == revision,
        "the view to be loaded at revision " + revision);
  }

  /** Every snapshot the view swaps in from now on. */
  private static List<ConfigSnapshot> recordSwaps(ConfigView view) {
    List<ConfigSnapshot> swaps = new CopyOnWriteArrayList<>();
    view.onChange(swaps::add);
    return swaps;
  }

  /**
   * Waits until the view has read everything committed so far. Records without a marker change nothing the view
   * shows, so the one sign that it read them is the line it logs for a record it skips: a probe that cannot be
   * read, committed after them on the same (only) partition and under a key of no kind.
   */
  private void awaitReadPastEverythingCommitted(Applier applier) {
    String probe = "probe/" + UUID.randomUUID();
    applier.commit(unreadable(probe, "not a config entity".getBytes(StandardCharsets.UTF_8)));
    Await.until(DEADLINE, () -> log.mentions(probe), "the view to skip the probe " + probe);
  }

  /** Creates a config topic as the publisher does: compacted, with one partition. */
  private static Topic<String, ConfigEntity> createConfigTopic(String prefix) throws Exception {
    Topic<String, ConfigEntity> topic = configTopic(KafkaTopics.uniqueName(prefix));
    NewTopic compacted = new NewTopic(topic.name(), 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    admin.createTopics(List.of(compacted)).all().get(30, TimeUnit.SECONDS);
    return topic;
  }

  /** The catalog's config topic under another name, so tests do not see each other's applies. */
  private static Topic<String, ConfigEntity> configTopic(String name) {
    Topic<String, ConfigEntity> config = Topics.CONFIG;
    return new Topic<>(name, config.partitions(), config.cleanup(), config.retention(), config.keySerde(),
        config.valueSerde(), config.keyType(), config.valueType());
  }

  private static TenantConfig tenant(String id) {
    return new TenantConfig(TenantConfig.CURRENT_SCHEMA_VERSION, id, null, null, false);
  }

  private static ConfigSnapshot snapshot(ConfigEntity... entities) {
    return ConfigSnapshot.of(List.of(entities));
  }

  /** An entity under its own key, as JSON. */
  private static Write entity(ConfigEntity entity) {
    return new Write(entity.topicKey(), JSON.serialize(null, entity));
  }

  /** A tombstone removing {@code entity}. */
  private static Write tombstone(ConfigEntity entity) {
    return new Write(entity.topicKey(), null);
  }

  /** The marker that ends an apply and makes {@code of} revision {@code revision}. */
  private static Write marker(long revision, ConfigSnapshot of) {
    return entity(new ConfigRevision(ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, revision,
        APPLIED_AT, of.checksum(), of.size()));
  }

  /** Bytes that are no config entity, under {@code key}. */
  private static Write unreadable(String key, byte[] bytes) {
    return new Write(key, bytes);
  }

  /** One record to write: a key and its raw value, null for a tombstone. */
  private record Write(String key, byte[] value) {}

  /** Writes to one config topic as the publisher does: every {@link #commit} is one committed transaction. */
  private static final class Applier implements AutoCloseable {
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    Applier(Topic<String, ConfigEntity> topic) {
      this.topic = topic.name();
      Map<String, Object> config = Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaTopics.uniqueName("config-view-it"));
      this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
      producer.initTransactions();
    }

    /** Writes {@code writes} in order in one transaction and commits it; returns once it is committed. */
    void commit(Write... writes) {
      producer.beginTransaction();
      for (Write write : writes) {
        producer.send(new ProducerRecord<>(topic, write.key(), write.value()));
      }
      producer.commitTransaction();
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** What a class logs while a test runs: each event as its message and any stack trace. */
  private static final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private static final Pattern IN_FORCE = Pattern.compile("config revision (\\d+) in force");

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger) {
      super("captured-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
      this.logger = logger;
    }

    static CapturedLog of(Class<?> source) {
      CapturedLog log = new CapturedLog((Logger) LogManager.getLogger(source));
      log.start();
      log.logger.addAppender(log);
      return log;
    }

    @Override
    public void append(LogEvent event) {
      StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      lines.add(line.toString());
    }

    boolean mentions(String text) {
      return lines.stream().anyMatch(line -> line.contains(text));
    }

    List<String> lines() {
      return new ArrayList<>(lines);
    }

    /**
     * The revisions swapped in, from the line the view logs for each: "config revision N in force: ...". Every
     * view logs under the same name, so this counts on the test's view being the only one running.
     */
    List<Long> revisionsPutInForce() {
      List<Long> revisions = new ArrayList<>();
      for (String line : lines) {
        Matcher inForce = IN_FORCE.matcher(line);
        if (inForce.lookingAt()) {
          revisions.add(Long.parseLong(inForce.group(1)));
        }
      }
      return revisions;
    }

    @Override
    public void close() {
      logger.removeAppender(this);
      stop();
    }
  }
}
