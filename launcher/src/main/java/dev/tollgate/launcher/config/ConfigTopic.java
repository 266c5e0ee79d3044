package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.topic.Topic;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.TopicReport;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/**
 * Makes sure the config topic exists as it must: compacted, so the latest value of every key is kept forever, and
 * with exactly one partition, so a revision marker is read after every record of its apply.
 */
final class ConfigTopic {
  /** Replicas for a topic created now: as many as the cluster has, up to the usual three. */
  static final int MAX_REPLICATION = 3;

  private ConfigTopic() {}

  static void ensure(Admin admin, Topic<String, ConfigEntity> topic) throws InterruptedException {
    try {
      int brokers = admin.describeCluster().nodes().get().size();
      TopicReport report = TopicInitializer.ensure(admin, List.of(topic), Math.min(MAX_REPLICATION, brokers));
      if (!report.ok()) {
        throw new ConfigApplyException(report.mismatches().stream().map(TopicReport.Mismatch::describe)
            .collect(Collectors.joining("; ")) + "; config would be lost or torn: fix the topic first", null);
      }
      // The catalog only refuses fewer partitions; more would let a reader see a marker before its records.
      int partitions = TopicInitializer.awaitKnown(() -> admin.describeTopics(List.of(topic.name())).allTopicNames())
          .get(topic.name()).partitions().size();
      if (partitions != 1) {
        throw new ConfigApplyException(topic.name() + ": partitions is " + partitions
            + ", a revision is atomic only with 1: recreate the topic with 1 partition", null);
      }
    } catch (ExecutionException e) {
      throw new ConfigApplyException("cannot check " + topic.name() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (KafkaException e) {
      throw new ConfigApplyException("cannot check " + topic.name() + ": " + e.getMessage(), e);
    }
  }
}
