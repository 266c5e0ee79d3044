package dev.tollgate.routing;

import dev.tollgate.schemas.deadletter.DeadLetterHandler;
import dev.tollgate.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RoutingTopology} in a {@link KafkaStreams} client with {@code exactly_once_v2}. Start it with
 * {@link #start}, wait with {@link #awaitRunning}, stop it with {@link #close}.
 *
 * <p>The source topics ({@code tollgate.config}, {@code tollgate.usage}, {@code tollgate.provider.registrations})
 * and {@code tollgate.routes} must exist; Streams creates only its own internal topics. A failure of a stream thread
 * is logged once and stops this client: the state goes to {@code ERROR}, and {@link #awaitRunning} reports it.
 */
final class RoutingStreams implements AutoCloseable {

  /** The longest {@link #close} waits for the stream threads to commit and stop. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(RoutingStreams.class);
  private static final int MAX_REPLICATION_FACTOR = 3;
  private static final Duration CLUSTER_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private final String applicationId;

  private RoutingStreams(KafkaStreams streams, String applicationId) {
    this.streams = streams;
    this.applicationId = applicationId;
  }

  /**
   * Builds the topology and starts the Streams client; returns at once (see {@link #awaitRunning}).
   *
   * @param bootstrapServers the cluster, {@code host:port[,host:port]}
   * @param settings the application id, health policy and publish interval
   * @param stateDir where the local state (RocksDB stores, checkpoints) lives, e.g. {@code <data dir>/routing};
   *     created if missing. It outlives restarts, so a restart does not restore every store from its changelog
   */
  static RoutingStreams start(String bootstrapServers, RoutingSettings settings, Path stateDir) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(stateDir, "stateDir");
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the routing state directory " + stateDir, e);
    }
    Properties config = streamsConfig(bootstrapServers, settings, stateDir, replicationFactor(bootstrapServers));
    KafkaStreams streams = new KafkaStreams(RoutingTopology.build(settings), config);
    RoutingStreams service = new RoutingStreams(streams, settings.applicationId());
    streams.setStateListener(service::onStateChange);
    streams.setUncaughtExceptionHandler(service::onStreamThreadFailure);
    streams.start();
    return service;
  }

  /** The Streams configuration this service runs with. */
  static Properties streamsConfig(
      String bootstrapServers, RoutingSettings settings, Path stateDir, int replicationFactor) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // the health and catalog stores, the repartition topics and the published tables are committed together
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // a record that cannot be read goes to the dead-letter topic, in the same transaction, and the job goes on
    DeadLetterHandler.install(config, Topics.ROUTING_DEAD_LETTERS.name());
    return config;
  }

  /** min(3, brokers): the internal topics are as durable as the cluster allows, and creatable on one node. */
  private static int replicationFactor(String bootstrapServers) {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLUSTER_LOOKUP_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      int brokers = admin.describeCluster().nodes()
          .get(CLUSTER_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
      return Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up the cluster at " + bootstrapServers, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach the Kafka cluster at " + bootstrapServers + ": " + e, e);
    }
  }

  private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
    if (now == KafkaStreams.State.RUNNING) {
      running.complete(null);
    } else if (now == KafkaStreams.State.ERROR
        || now == KafkaStreams.State.PENDING_ERROR
        || now == KafkaStreams.State.PENDING_SHUTDOWN
        || now == KafkaStreams.State.NOT_RUNNING) {
      running.completeExceptionally(new IllegalStateException(
          "routing (" + applicationId + ") stopped before running: state " + now));
    }
  }

  private StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
    if (failureLogged.compareAndSet(false, true)) {
      LOG.error("routing ({}) failed and stops; route tables are not updated until it is restarted",
          applicationId, failure);
    }
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /**
   * Waits until the client is {@code RUNNING} (its global catalog restored and its tasks assigned).
   *
   * @throws IllegalStateException if it stopped or failed first, or is not running within {@code timeout}
   */
  void awaitRunning(Duration timeout) {
    try {
      running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for routing to run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("routing (" + applicationId + ") was not running after "
          + timeout.toMillis() + " ms (state " + streams.state() + ")", e);
    }
  }

  /** The state of the Streams client. */
  KafkaStreams.State state() {
    return streams.state();
  }

  /** Commits what is in progress and stops, waiting at most {@link #CLOSE_TIMEOUT}. */
  @Override
  public void close() {
    if (!streams.close(CLOSE_TIMEOUT)) {
      LOG.warn("routing ({}) did not stop within {} ms", applicationId, CLOSE_TIMEOUT.toMillis());
    }
  }
}
