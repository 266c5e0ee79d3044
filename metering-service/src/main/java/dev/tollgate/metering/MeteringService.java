package dev.tollgate.metering;

import dev.tollgate.metering.query.StreamsRollups;
import dev.tollgate.metering.query.UsageApi;
import dev.tollgate.metering.query.UsageApiSettings;
import dev.tollgate.schemas.deadletter.DeadLetterHandler;
import dev.tollgate.schemas.topic.Topics;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running metering service: {@link MeteringTopology} in a {@link KafkaStreams} client with
 * {@code exactly_once_v2}, and the usage API ({@link UsageApi}) over its rollup stores when an admin credential is
 * configured. Start it with {@link #start}, wait with {@link #awaitRunning}, stop it with {@link #close}.
 *
 * <p>The source topics ({@code tollgate.config}, {@code tollgate.usage}) and the sinks must exist; Streams creates
 * only its own internal topics. A failure of a stream thread is logged once and stops this client (it is not
 * replaced by a new thread): the state goes to {@code ERROR}, and {@link #awaitRunning} reports it.
 */
public final class MeteringService implements AutoCloseable {

  /** The longest {@link #close} waits for the stream threads to commit and stop. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(MeteringService.class);
  private static final int MAX_REPLICATION_FACTOR = 3;
  private static final Duration CLUSTER_LOOKUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration API_START_TIMEOUT = Duration.ofSeconds(30);
  private static final int PRODUCER_LINGER_MS = 20;
  private static final int PRODUCER_BATCH_BYTES = 256 * 1024;

  private final KafkaStreams streams;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private final String applicationId;
  private final Vertx vertx;
  private final UsageApi api;

  private MeteringService(KafkaStreams streams, String applicationId, Vertx vertx, UsageApi api) {
    this.streams = streams;
    this.applicationId = applicationId;
    this.vertx = vertx;
    this.api = api;
  }

  /**
   * Starts the usage API (when configured), then builds the topology and starts the Streams client with the API's
   * address as {@code application.server}; returns at once (see {@link #awaitRunning}).
   *
   * @param config the cluster, the state directory (created if missing; it outlives restarts, so a restart does not
   *     restore every store from its changelog), the topology's settings and the usage API's
   */
  public static MeteringService start(MeteringConfig config) {
    Objects.requireNonNull(config, "config");
    try {
      Files.createDirectories(config.stateDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the metering state directory " + config.stateDir(), e);
    }
    int replicationFactor = replicationFactor(config.bootstrapServers());
    Vertx vertx = null;
    UsageApi api = null;
    HostInfo self = null;
    if (config.api().isPresent()) {
      UsageApiSettings apiSettings = config.api().get();
      vertx = Vertx.vertx();
      api = listen(vertx, apiSettings, config.settings());
      self = new HostInfo(apiSettings.advertisedHost(), api.port());
    }
    Properties streamsConfig =
        streamsConfig(config.bootstrapServers(), config.settings(), config.stateDir(), replicationFactor,
            config.commitInterval());
    if (self != null) {
      streamsConfig.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    }
    KafkaStreams streams;
    try {
      streams = new KafkaStreams(MeteringTopology.build(config.settings()), streamsConfig);
    } catch (RuntimeException e) {
      if (vertx != null) {
        vertx.close();
      }
      throw e;
    }
    MeteringService service = new MeteringService(streams, config.settings().applicationId(), vertx, api);
    if (api != null) {
      api.attach(new StreamsRollups(streams, self));
    }
    streams.setStateListener(service::onStateChange);
    streams.setUncaughtExceptionHandler(service::onStreamThreadFailure);
    streams.start();
    return service;
  }

  private static UsageApi listen(Vertx vertx, UsageApiSettings settings, MeteringSettings metering) {
    try {
      return UsageApi.start(vertx, settings, metering, Clock.systemUTC())
          .toCompletionStage().toCompletableFuture().get(API_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IllegalStateException("interrupted while starting the usage API", e);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("the usage API could not listen on " + settings.host() + ":"
          + settings.port() + " (" + cause.getMessage() + ")", cause);
    }
  }

  /** The Streams configuration this service runs with. */
  static Properties streamsConfig(String bootstrapServers, MeteringSettings settings, Path stateDir,
      int replicationFactor, Duration commitInterval) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // the de-dup store, the ledger, the repartition topic and the rollups are committed together
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // each commit is a transaction: a flush that waits for every ack, then the offsets, then the end markers, and
    // the stream thread processes nothing meanwhile. A ledger line is readable by the budget service only once
    // committed, so the interval is a share of the budget loop's latency; longer intervals buy throughput
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // an idle stream thread checks whether a commit is due only when its poll returns: a poll of a quarter of the
    // interval (at most the default 100 ms) keeps the commit of a lone event close to the interval
    config.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, commitInterval.toMillis() / 4)));
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // a record that cannot be read goes to the dead-letter topic, in the same transaction, and the job goes on
    DeadLetterHandler.install(config, Topics.METERING_DEAD_LETTERS.name());
    // fewer, larger produce requests: the producer's I/O thread costs per request and per batch. Every commit
    // flushes, so lingering never delays a ledger line past the commit that makes it readable
    config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
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
          "metering (" + applicationId + ") stopped before running: state " + now));
    }
  }

  private StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
    if (failureLogged.compareAndSet(false, true)) {
      LOG.error("metering ({}) failed and stops; no ledger line is written until it is restarted",
          applicationId, failure);
    }
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /**
   * Waits until the client is {@code RUNNING} (its global catalog restored and its tasks assigned).
   *
   * @throws IllegalStateException if it stopped or failed first, or is not running within {@code timeout}
   */
  public void awaitRunning(Duration timeout) {
    try {
      running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for metering to run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("metering (" + applicationId + ") was not running after "
          + timeout.toMillis() + " ms (state " + streams.state() + ")", e);
    }
  }

  /** The state of the Streams client. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * The port the usage API listens on.
   *
   * @return the port, or empty when the API is not configured
   */
  public OptionalInt apiPort() {
    return api == null ? OptionalInt.empty() : OptionalInt.of(api.port());
  }

  /** The Streams client's metrics, such as {@code dropped-records-total} and {@code duplicate-total}. */
  public Map<MetricName, ? extends Metric> metrics() {
    return streams.metrics();
  }

  /**
   * Stops the usage API, then commits what is in progress, leaves the consumer group (so the tasks move at once to
   * another instance, or to this one restarted) and stops, waiting at most {@link #CLOSE_TIMEOUT}.
   */
  @Override
  public void close() {
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture()
            .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("the usage API of metering ({}) did not stop cleanly: {}", applicationId, e.toString());
      }
    }
    // leave the group at once: otherwise a restarted instance waits a session timeout (45 s) for its own tasks
    CloseOptions options = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT);
    if (!streams.close(options)) {
      LOG.warn("metering ({}) did not stop within {} ms", applicationId, CLOSE_TIMEOUT.toMillis());
    }
  }
}
