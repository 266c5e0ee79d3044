package dev.tollgate.routing;

import dev.tollgate.routing.catalog.RoutePlanner;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The routing topology in a TopologyTestDriver, with the wall clock under the test's control. */
final class RoutingDriver implements AutoCloseable {

  static final String PROVIDER = "sim";

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, ConfigEntity> config;
  private final TestInputTopic<String, UsageEvent> usage;
  private final TestInputTopic<String, ProviderRegistration> registrationsIn;
  private final TestOutputTopic<String, RouteTable> routes;
  private final TestOutputTopic<String, ProviderRegistration> registrationsOut;
  private final Map<String, RouteTable> latest = new HashMap<>();
  private final List<RouteTable> published = new ArrayList<>();
  private final List<TestRecord<String, ProviderRegistration>> registrationRecords = new ArrayList<>();
  private Instant now;
  private long revision;
  private int requests;

  RoutingDriver(Path stateDir, Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "routing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    now = wallClock;
    driver = new TopologyTestDriver(RoutingTopology.build(RoutingSettings.defaults()), props, wallClock);
    config = driver.createInputTopic(
        Topics.CONFIG.name(), Topics.CONFIG.keySerde().serializer(), Topics.CONFIG.valueSerde().serializer());
    usage = driver.createInputTopic(
        Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer());
    registrationsIn = driver.createInputTopic(Topics.PROVIDER_REGISTRATIONS.name(),
        Topics.PROVIDER_REGISTRATIONS.keySerde().serializer(),
        Topics.PROVIDER_REGISTRATIONS.valueSerde().serializer());
    routes = driver.createOutputTopic(
        Topics.ROUTES.name(), Topics.ROUTES.keySerde().deserializer(), Topics.ROUTES.valueSerde().deserializer());
    registrationsOut = driver.createOutputTopic(Topics.PROVIDER_REGISTRATIONS.name(),
        Topics.PROVIDER_REGISTRATIONS.keySerde().deserializer(),
        Topics.PROVIDER_REGISTRATIONS.valueSerde().deserializer());
  }

  /** A configured provider reached over the OpenAI wire format. */
  static ProviderConfig provider(String id) {
    return new ProviderConfig(ProviderConfig.CURRENT_SCHEMA_VERSION, id,
        new OpenAiCompatibleSpec("http://127.0.0.1:9/v1", null, null));
  }

  /** A chat deployment on {@link #PROVIDER} with an input and output price per million tokens. */
  static Deployment deployment(String id, String upstream, int weight, String input, String output) {
    return new Deployment(id, PROVIDER, upstream, weight, 0,
        List.of(new Price(null, new BigDecimal(input), new BigDecimal(output), null, null)),
        Set.of(Capability.CHAT), null, null);
  }

  static ModelConfig model(String alias, RouteStrategy strategy, Deployment... deployments) {
    return new ModelConfig(ModelConfig.CURRENT_SCHEMA_VERSION, alias, strategy, List.of(deployments), List.of());
  }

  /** Publishes the entities as one apply: the records, then the revision marker. */
  void apply(ConfigEntity... entities) {
    for (ConfigEntity entity : entities) {
      unmarked(entity);
    }
    revision++;
    ConfigRevision marker = new ConfigRevision(
        ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, revision, now, "sha256:test", entities.length);
    config.pipeInput(marker.topicKey(), marker, now);
  }

  /** Publishes a record without its marker, as an apply still in progress. */
  void unmarked(ConfigEntity entity) {
    config.pipeInput(entity.topicKey(), entity, now);
  }

  /** Publishes a tombstone under {@code key}, without its marker. */
  void delete(String key) {
    config.pipeInput(key, null, now);
  }

  /** One finished request on {@code upstream} of {@link #PROVIDER}. */
  void outcome(String alias, String upstream, Outcome outcome, int status, long latencyMs, Long ttftMs) {
    requests++;
    UsageEvent event = new UsageEvent(UsageEvent.CURRENT_SCHEMA_VERSION, "req-" + requests, "acme", "k1",
        Endpoint.CHAT_COMPLETIONS, alias, PROVIDER, "d-" + upstream, upstream, 1, TokenCounts.ZERO,
        UsageSource.PROVIDER, outcome, status, true, now, now.plusMillis(latencyMs), latencyMs, ttftMs, "edge-1");
    usage.pipeInput(event.topicKey(), event, now);
  }

  void success(String alias, String upstream, long latencyMs, Long ttftMs) {
    outcome(alias, upstream, Outcome.OK, 200, latencyMs, ttftMs);
  }

  void failure(String alias, String upstream) {
    outcome(alias, upstream, Outcome.UPSTREAM_ERROR, 502, 40, null);
  }

  void register(ProviderRegistration registration) {
    registrationsIn.pipeInput(registration.topicKey(), registration, now);
  }

  /** A registration serving {@code alias} as {@code upstream}, renewed now. */
  ProviderRegistration registration(String id, String alias, String upstream, int ttlSeconds) {
    return new ProviderRegistration(ProviderRegistration.CURRENT_SCHEMA_VERSION, id, "http://10.0.0.7:8000/v1",
        ProviderRegistration.OPENAI_COMPATIBLE, Map.of(alias, upstream), new BigDecimal("0.05"),
        new BigDecimal("0.08"), 4, ttlSeconds, now, now);
  }

  /** Moves the wall clock, which fires the punctuations. */
  void advance(Duration duration) {
    now = now.plus(duration);
    driver.advanceWallClockTime(duration);
  }

  Instant now() {
    return now;
  }

  /** The latest table of {@code alias}, or null when it was removed or never published. */
  RouteTable table(String alias) {
    drain();
    return latest.get(alias);
  }

  /** The only candidate of {@code alias}. */
  RouteCandidate only(String alias) {
    RouteTable table = table(alias);
    if (table == null || table.candidates().size() != 1) {
      throw new AssertionError("expected one candidate for " + alias + ", got " + table);
    }
    return table.candidates().get(0);
  }

  /** Every table published so far, in order. */
  List<RouteTable> published() {
    drain();
    return published;
  }

  /** Every record the planner wrote to the registrations topic. */
  List<TestRecord<String, ProviderRegistration>> registrationRecords() {
    registrationRecords.addAll(registrationsOut.readRecordsToList());
    return registrationRecords;
  }

  /** The header value of an expiry tombstone, as written. */
  static String expiredRenewal(TestRecord<String, ProviderRegistration> record) {
    Header header = record.headers().lastHeader(RoutePlanner.EXPIRED_RENEWAL_HEADER);
    return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  void pipeRegistrationTombstone(String id, String expiredRenewal) {
    TestRecord<String, ProviderRegistration> record = new TestRecord<>(id, null, now);
    record.headers().add(RoutePlanner.EXPIRED_RENEWAL_HEADER,
        expiredRenewal.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    registrationsIn.pipeInput(record);
  }

  private void drain() {
    for (TestRecord<String, RouteTable> record : routes.readRecordsToList()) {
      if (record.value() == null) {
        latest.remove(record.key());
      } else {
        latest.put(record.key(), record.value());
        published.add(record.value());
      }
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
