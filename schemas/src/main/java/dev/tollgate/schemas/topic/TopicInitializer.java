package dev.tollgate.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the catalog's topics where they are missing and checks the ones that exist. Every service and the
 * launcher may run it at start-up, concurrently: a topic another process created in the meantime counts as
 * existing, not as an error.
 *
 * <p>Existing topics are never changed. Fewer partitions than the catalog or another cleanup policy are reported
 * as {@link TopicReport.Mismatch}es for the caller to log or refuse; more partitions, other retention and other
 * settings are an operator's choice and are left alone.
 */
public final class TopicInitializer {

  // how long a new topic may stay unknown to the broker that answers a describe call
  private static final Duration METADATA_PROPAGATION = Duration.ofSeconds(30);

  private TopicInitializer() {}

  /**
   * Makes sure every topic in {@code topics} exists.
   *
   * @param admin a connected admin client; not closed here
   * @param topics the topics to ensure, usually {@link Topics#all()}
   * @param replicationFactor replicas per partition for topics created now: 1 for a single broker, 3 in production
   * @return which topics were created, which existed, and how existing ones differ from the catalog
   * @throws KafkaException if the broker cannot be asked or refuses to create a topic
   * @throws InterruptException if the thread is interrupted while waiting for the broker
   */
  public static TopicReport ensure(Admin admin, List<Topic<?, ?>> topics, int replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be >= 1");
    }
    Set<String> present = await(admin.listTopics().names());
    List<Topic<?, ?>> missing = topics.stream().filter(t -> !present.contains(t.name())).collect(Collectors.toList());
    List<String> created = create(admin, missing, replicationFactor);

    Map<String, Topic<?, ?>> existing = new LinkedHashMap<>();
    topics.stream().filter(t -> !created.contains(t.name())).forEach(t -> existing.put(t.name(), t));
    return new TopicReport(created, List.copyOf(existing.keySet()), mismatches(admin, existing));
  }

  /** Creates {@code topics}; returns the names it created, leaving out those a concurrent creator won. */
  private static List<String> create(Admin admin, List<Topic<?, ?>> topics, int replicationFactor) {
    if (topics.isEmpty()) {
      return List.of();
    }
    List<NewTopic> requests =
        topics.stream()
            .map(t -> new NewTopic(t.name(), t.partitions(), (short) replicationFactor).configs(t.configs()))
            .collect(Collectors.toList());
    Map<String, KafkaFuture<Void>> results = admin.createTopics(requests).values();
    List<String> created = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      try {
        await(results.get(topic.name()));
        created.add(topic.name());
      } catch (KafkaException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }

  private static List<TopicReport.Mismatch> mismatches(Admin admin, Map<String, Topic<?, ?>> existing) {
    if (existing.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> descriptions =
        awaitKnown(() -> admin.describeTopics(existing.keySet()).allTopicNames());
    Collection<ConfigResource> resources =
        existing.keySet().stream()
            .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
            .collect(Collectors.toList());
    Map<ConfigResource, Config> configs = awaitKnown(() -> admin.describeConfigs(resources).all());

    List<TopicReport.Mismatch> mismatches = new ArrayList<>();
    for (Topic<?, ?> topic : existing.values()) {
      int partitions = descriptions.get(topic.name()).partitions().size();
      if (partitions < topic.partitions()) {
        mismatches.add(
            new TopicReport.Mismatch(
                topic.name(), "partitions", Integer.toString(topic.partitions()), Integer.toString(partitions)));
      }
      ConfigEntry policy =
          configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
              .get(TopicConfig.CLEANUP_POLICY_CONFIG);
      String actual = policy == null ? null : policy.value();
      if (!topic.cleanup().config().equals(actual)) {
        mismatches.add(
            new TopicReport.Mismatch(
                topic.name(), TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanup().config(), String.valueOf(actual)));
      }
    }
    return mismatches;
  }

  /**
   * Waits for a describe call, repeating it while a broker does not know a topic yet: a topic that was just created,
   * here or by another process, is listed by the controller before every broker's metadata has it.
   *
   * @param call makes the describe call; called again while the topic is unknown
   * @param <T> what the call returns
   * @return the call's result
   * @throws KafkaException when the call fails otherwise, or the topic stays unknown for 30 s
   */
  public static <T> T awaitKnown(Supplier<KafkaFuture<T>> call) {
    long deadline = System.nanoTime() + METADATA_PROPAGATION.toNanos();
    long pauseMillis = 20;
    while (true) {
      try {
        return await(call.get());
      } catch (KafkaException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      pause(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 500);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  /** Waits for an admin result, turning its checked failures into Kafka's unchecked ones. */
  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      throw new KafkaException(e.getCause().getMessage(), e.getCause());
    }
  }
}
