package dev.tollgate.testkit;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics on the shared test broker; unique names keep tests independent of each other and of earlier runs. */
public final class KafkaTopics {

  private static final long CREATE_TIMEOUT_SECONDS = 30;

  private KafkaTopics() {}

  /** A new {@link Admin} for the shared broker ({@link KafkaFixture}); the caller closes it. */
  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()));
  }

  /** A topic name that no other test uses: {@code prefix} followed by a random suffix. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a uniquely named topic with one partition on the shared broker and returns its name. */
  public static String createUnique(String prefix) {
    return createUnique(prefix, 1);
  }

  /** Creates a uniquely named topic with {@code partitions} partitions on the shared broker and returns its name. */
  public static String createUnique(String prefix, int partitions) {
    try (Admin admin = admin()) {
      return createUnique(admin, prefix, partitions);
    }
  }

  /** Creates a uniquely named topic through {@code admin} (any cluster) and returns its name once it exists. */
  public static String createUnique(Admin admin, String prefix, int partitions) {
    String name = uniqueName(prefix);
    NewTopic topic = new NewTopic(name, partitions, (short) 1);
    try {
      admin.createTopics(List.of(topic)).all().get(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return name;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }
}
