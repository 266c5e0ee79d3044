package dev.tollgate.budget;

import dev.tollgate.budget.webhook.AlertNotifier;
import dev.tollgate.budget.webhook.WebhookSettings;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.ConfigView;
import dev.tollgate.schemas.deadletter.DeadLetterHandler;
import dev.tollgate.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The running budget service: {@link BudgetTopology} in a {@link KafkaStreams} client with {@code exactly_once_v2},
 * and the {@link AlertNotifier} that delivers its alerts to webhooks on a consumer and thread of its own. Start it
 * with {@link #start}, wait with {@link #awaitRunning}, stop it with {@link #close}.
 *
 * <p>The source topics must exist; Streams creates only its internal topics. The partitions of {@code
 * tollgate.usage.priced} are read from the cluster at start, so budget changes are repartitioned into as many. A
 * failure of a stream thread is logged once and stops the Streams client; the state goes to {@code ERROR}.
 */
public final class BudgetService implements AutoCloseable {

  /** The longest {@link #close} waits for the stream threads to commit and stop. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(BudgetService.class);
  private static final int MAX_REPLICATION_FACTOR = 3;
  private static final Duration CLUSTER_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final ConfigView config;
  private final AlertNotifier notifier;
  private final String applicationId;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  private BudgetService(KafkaStreams streams, ConfigView config, AlertNotifier notifier, String applicationId) {
    this.streams = streams;
    this.config = config;
    this.notifier = notifier;
    this.applicationId = applicationId;
  }

  /**
   * Builds the topology and starts the Streams client and the webhook notifier; returns once the configuration is
   * loaded (the notifier reads webhook URLs from it), without waiting for Streams (see {@link #awaitRunning}).
   *
   * @param bootstrapServers the cluster, {@code host:port[,host:port]}
   * @param settings the application id and rollover interval (the ledger's partitions are read from the cluster)
   * @param webhooks how alerts are delivered
   * @param stateDir where the local state lives, e.g. {@code <data dir>/budget}; created if missing
   */
  public static BudgetService start(
      String bootstrapServers, BudgetSettings settings, WebhookSettings webhooks, Path stateDir) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(webhooks, "webhooks");
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the budget state directory " + stateDir, e);
    }
    Cluster cluster = Cluster.lookUp(bootstrapServers);
    BudgetSettings sized = settings.withUsagePartitions(cluster.usagePartitions());
    ConfigView config = ConfigView.start(bootstrapServers);
    // the notifier looks webhooks up in the view: an empty view would skip the alerts it reads first
    if (!config.awaitLoaded(CLUSTER_LOOKUP_TIMEOUT)) {
      config.close();
      throw new IllegalStateException("the configuration on " + Topics.CONFIG.name() + " was not loaded within "
          + CLUSTER_LOOKUP_TIMEOUT.toSeconds() + " s");
    }
    AlertNotifier notifier = AlertNotifier.start(bootstrapServers, webhooks,
        budgetId -> config.current().budget(budgetId).map(BudgetConfig::webhookUrl));
    KafkaStreams streams = new KafkaStreams(
        BudgetTopology.build(sized), streamsConfig(bootstrapServers, sized, stateDir, cluster.replicationFactor()));
    BudgetService service = new BudgetService(streams, config, notifier, settings.applicationId());
    streams.setStateListener(service::onStateChange);
    streams.setUncaughtExceptionHandler(service::onStreamThreadFailure);
    streams.start();
    return service;
  }

  /** The Streams configuration this service runs with. */
  static Properties streamsConfig(
      String bootstrapServers, BudgetSettings settings, Path stateDir, int replicationFactor) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // the spend, the crossed thresholds, the decisions and the alerts are committed together
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // each commit ends a transaction; the edges see a decision only then
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // an idle stream thread checks whether a commit is due only when its poll returns: a short poll keeps the
    // commit of a lone decision within the interval instead of up to poll.ms (100 ms by default) later
    config.put(StreamsConfig.POLL_MS_CONFIG, pollMillis(settings.commitInterval()));
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // a record that cannot be read goes to the dead-letter topic, in the same transaction, and the job goes on
    DeadLetterHandler.install(config, Topics.BUDGET_DEAD_LETTERS.name());
    return config;
  }

  /** A quarter of the commit interval, between 1 and 100 ms (the Streams default). */
  static long pollMillis(Duration commitInterval) {
    return Math.max(1, Math.min(100, commitInterval.toMillis() / 4));
  }

  /** What the service reads from the cluster before it starts. */
  private record Cluster(int usagePartitions, int replicationFactor) {
    static Cluster lookUp(String bootstrapServers) {
      Map<String, Object> config = Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLUSTER_LOOKUP_TIMEOUT.toMillis());
      long timeout = CLUSTER_LOOKUP_TIMEOUT.toMillis();
      try (Admin admin = Admin.create(config)) {
        int brokers = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS).size();
        int partitions = admin.describeTopics(List.of(Topics.USAGE_PRICED.name())).allTopicNames()
            .get(timeout, TimeUnit.MILLISECONDS).get(Topics.USAGE_PRICED.name()).partitions().size();
        return new Cluster(partitions, Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while looking up the cluster at " + bootstrapServers, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot read " + Topics.USAGE_PRICED.name() + " on the Kafka cluster at "
            + bootstrapServers + ": " + e, e);
      }
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
          "budget (" + applicationId + ") stopped before running: state " + now));
    }
  }

  private StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
    if (failureLogged.compareAndSet(false, true)) {
      LOG.error("budget ({}) failed and stops; no decision is published until it is restarted",
          applicationId, failure);
    }
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /**
   * Waits until the Streams client is {@code RUNNING}.
   *
   * @throws IllegalStateException if it stopped or failed first, or is not running within {@code timeout}
   */
  public void awaitRunning(Duration timeout) {
    try {
      running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for budget to run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("budget (" + applicationId + ") was not running after "
          + timeout.toMillis() + " ms (state " + streams.state() + ")", e);
    }
  }

  /** The state of the Streams client. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Stops the notifier, then commits what is in progress and stops Streams, waiting at most {@link #CLOSE_TIMEOUT}. */
  @Override
  public void close() {
    notifier.close();
    config.close();
    if (!streams.close(CLOSE_TIMEOUT)) {
      LOG.warn("budget ({}) did not stop within {} ms", applicationId, CLOSE_TIMEOUT.toMillis());
    }
  }
}
