package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Terminal;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.TopicReport;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates the topics of the contract that are missing and reports those that are misconfigured. */
final class Topics {
  private static final int MAX_REPLICATION = 3;

  private Topics() {}

  /** Three replicas where the cluster has three brokers; fewer on a smaller one, such as up's single node. */
  private static int replicationFactor(Admin admin) {
    try {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      return Math.max(1, Math.min(MAX_REPLICATION, brokers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the Kafka cluster", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach the Kafka cluster: " + e.getMessage(), e);
    }
  }

  static TopicReport ensure(String bootstrap, Terminal terminal) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicReport report =
          TopicInitializer.ensure(admin, dev.tollgate.schemas.topic.Topics.all(), replicationFactor(admin));
      report.mismatches().forEach(m -> terminal.err().println("warning: " + m.describe()));
      return report;
    }
  }
}
