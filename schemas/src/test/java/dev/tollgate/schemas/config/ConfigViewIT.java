package dev.tollgate.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TopicReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
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
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
      List<ConfigSnapshot> swaps = recordSwaps(view);
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      awaitSwaps(swaps, 1);

      // When
      applier.commit(entity(tenant("beta")));
      awaitReadPastEverythingCommitted(applier);

      // Then
      assertEquals(1, view.revision());
      assertEquals(snapshot(tenant("acme")), view.current());
      assertEquals(List.of(snapshot(tenant("acme"))), swaps);
    }
  }

  @Test
  void shouldSwapInTheWholeApplyWhenItsRevisionMarkerArrives() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-swap");
    try (Applier applier = new Applier(topic);
        ConfigView view = startView(topic)) {
      List<ConfigSnapshot> swaps = recordSwaps(view);
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      awaitSwaps(swaps, 1);
      applier.commit(entity(tenant("beta")));
      awaitReadPastEverythingCommitted(applier);

      // When
      applier.commit(marker(2, snapshot(tenant("acme"), tenant("beta"))));

      // Then
      awaitSwaps(swaps, 2);
      assertEquals(2, view.revision());
      assertEquals(snapshot(tenant("acme"), tenant("beta")), view.current());
      assertEquals(List.of(snapshot(tenant("acme")), snapshot(tenant("acme"), tenant("beta"))), swaps);
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
    awaitReadableUnderReadCommitted(topic, 7);

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
  void shouldLoadTheLastRevisionWithoutTheEntitiesCommittedAfterItsMarker() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-unmarked");
    try (Applier applier = new Applier(topic)) {
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      applier.commit(entity(tenant("beta")));
    }
    awaitReadableUnderReadCommitted(topic, 3);

    // When
    try (ConfigView view = startView(topic)) {
      boolean loaded = view.awaitLoaded(DEADLINE);

      // Then
      assertTrue(loaded);
      assertEquals(1, view.revision());
      assertEquals(snapshot(tenant("acme")), view.current());
      assertFalse(log.mentions("does not match its checksum"), "revision 1 is what its marker says: " + log.lines());
    }
  }

  @Test
  void shouldShowTheEntitiesCommittedAfterTheLoadedMarkerOnceTheirOwnMarkerArrives() throws Exception {
    // Given
    Topic<String, ConfigEntity> topic = createConfigTopic("config-view-unmarked-then-marked");
    try (Applier applier = new Applier(topic)) {
      applier.commit(entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
      applier.commit(entity(tenant("beta")));
      awaitReadableUnderReadCommitted(topic, 3);
      try (ConfigView view = startView(topic)) {
        // Loaded only once the listeners have seen revision 1, so these record what comes after it.
        awaitRevision(view, 1);
        List<ConfigSnapshot> swaps = recordSwaps(view);

        // When
        applier.commit(marker(2, snapshot(tenant("acme"), tenant("beta"))));

        // Then
        awaitSwaps(swaps, 1);
        assertEquals(2, view.revision());
        assertEquals(snapshot(tenant("acme"), tenant("beta")), view.current());
        assertEquals(List.of(snapshot(tenant("acme"), tenant("beta"))), swaps);
      }
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

  @Test
  void shouldKeepServingTheLastSnapshotWhileKafkaIsAway() throws Exception {
    // Given
    try (DedicatedBroker broker = DedicatedBroker.start()) {
      Topic<String, ConfigEntity> topic = createConfigTopic(broker, "config-view-outage");
      String client = KafkaTopics.uniqueName("config-view-outage");
      try (ConfigView view = startView(broker.bootstrapServers(), client, topic)) {
        List<ConfigSnapshot> swaps = recordSwaps(view);
        applyOnce(broker, topic, entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
        awaitSwaps(swaps, 1);

        // When
        broker.stop();
        awaitNoConnections(client);

        // Then
        assertTrue(view.isLoaded());
        assertEquals(1, view.revision());
        assertEquals(snapshot(tenant("acme")), view.current());
        assertEquals(List.of(snapshot(tenant("acme"))), swaps);
      }
    }
  }

  @Test
  void shouldHotReloadARevisionAppliedOnceKafkaIsBack() throws Exception {
    // Given
    try (DedicatedBroker broker = DedicatedBroker.start()) {
      Topic<String, ConfigEntity> topic = createConfigTopic(broker, "config-view-back");
      String client = KafkaTopics.uniqueName("config-view-back");
      try (ConfigView view = startView(broker.bootstrapServers(), client, topic)) {
        List<ConfigSnapshot> swaps = recordSwaps(view);
        applyOnce(broker, topic, entity(tenant("acme")), marker(1, snapshot(tenant("acme"))));
        awaitSwaps(swaps, 1);
        broker.stop();
        awaitNoConnections(client);
        broker.restart();

        // When
        applyOnce(broker, topic, entity(tenant("beta")), marker(2, snapshot(tenant("acme"), tenant("beta"))));

        // Then
        awaitSwaps(swaps, 2);
        assertTrue(view.isLoaded());
        assertEquals(2, view.revision());
        assertEquals(snapshot(tenant("acme"), tenant("beta")), view.current());
        assertEquals(List.of(snapshot(tenant("acme")), snapshot(tenant("acme"), tenant("beta"))), swaps);
      }
    }
  }

  /** Starts a view of {@code topic} on the test broker. */
  private static ConfigView startView(Topic<String, ConfigEntity> topic) {
    return ConfigView.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()), topic);
  }

  /** Starts a view of {@code topic} on another broker, its Kafka client named {@code client}. */
  private static ConfigView startView(String bootstrapServers, String client, Topic<String, ConfigEntity> topic) {
    return ConfigView.start(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, client), topic);
  }

  /**
   * Waits until the Kafka client named {@code client} has no connection open, as the metrics it registers in JMX
   * tell: the view has noticed that Kafka is gone.
   */
  private static void awaitNoConnections(String client) throws Exception {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    ObjectName metrics = new ObjectName("kafka.consumer:type=consumer-metrics,client-id=" + client);
    Await.until(DEADLINE, () -> ((Number) jmx.getAttribute(metrics, "connection-count")).intValue() == 0,
        "the view's client " + client + " to have lost its connections");
  }

  /** Commits {@code writes} as one apply on {@code broker}. */
  private static void applyOnce(DedicatedBroker broker, Topic<String, ConfigEntity> topic, Write... writes) {
    try (Applier applier = new Applier(broker.bootstrapServers(), topic)) {
      applier.commit(writes);
    }
  }

  /** Waits until the view is loaded and has swapped in {@code revision}. */
  private static void awaitRevision(ConfigView view, long revision) {
    Await.until(DEADLINE, () -> view.isLoaded() && view.revision() == revision,
        "the view to be loaded at revision " + revision);
  }

  /**
   * Every snapshot the view swaps in from now on. Register it before the revisions to be recorded are applied: the
   * view puts a revision in force before it calls the listeners, so one registered just after a revision turned
   * current may still be called with it.
   */
  private static List<ConfigSnapshot> recordSwaps(ConfigView view) {
    List<ConfigSnapshot> swaps = new CopyOnWriteArrayList<>();
    view.onChange(swaps::add);
    return swaps;
  }

  /**
   * Waits until the view has called its listeners with {@code count} snapshots. Awaiting the revision alone is not
   * enough before reading {@code swaps}: the revision changes before the listeners are called.
   */
  private static void awaitSwaps(List<ConfigSnapshot> swaps, int count) {
    Await.until(DEADLINE, () -> swaps.size() >= count, "the view to swap in " + count + " snapshots");
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

  /**
   * Waits until {@code records} records of {@code topic} are readable under read_committed. A commit returns before
   * the broker has written its transaction markers, so without this a view started next might not read them yet.
   */
  private static void awaitReadableUnderReadCommitted(Topic<String, ConfigEntity> topic, int records) {
    TopicReader.of(topic.name(), new StringDeserializer(), topic.valueSerde().deserializer())
        .readAtLeast(records, DEADLINE);
  }

  /** Creates a config topic on the test broker as the publisher does: compacted, with one partition. */
  private static Topic<String, ConfigEntity> createConfigTopic(String prefix) throws Exception {
    return createConfigTopic(admin, prefix);
  }

  /** Creates a config topic on {@code broker} as the publisher does: compacted, with one partition. */
  private static Topic<String, ConfigEntity> createConfigTopic(DedicatedBroker broker, String prefix)
      throws Exception {
    try (Admin dedicated = broker.admin()) {
      return createConfigTopic(dedicated, prefix);
    }
  }

  private static Topic<String, ConfigEntity> createConfigTopic(Admin cluster, String prefix) throws Exception {
    Topic<String, ConfigEntity> topic = configTopic(KafkaTopics.uniqueName(prefix));
    NewTopic compacted = new NewTopic(topic.name(), 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    cluster.createTopics(List.of(compacted)).all().get(30, TimeUnit.SECONDS);
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
      this(KafkaFixture.bootstrapServers(), topic);
    }

    Applier(String bootstrapServers, Topic<String, ConfigEntity> topic) {
      this.topic = topic.name();
      Map<String, Object> config = Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
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
