package dev.tollgate.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testkit.KafkaTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TopicInitializer} against a real broker. Each test works on copies of the catalog's topics under unique
 * names, so tests stay independent and a shared cluster's real topics are never touched.
 */
class TopicInitializerIT {

  private static Admin admin;

  @BeforeAll
  static void connect() {
    admin = KafkaTopics.admin();
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @Test
  void shouldCreateMissingTopicsWithTheirPartitionsCleanupPolicyAndRetention() throws Exception {
    List<Topic<?, ?>> catalog = uniqueCopyOfTheCatalog();

    TopicReport report = TopicInitializer.ensure(admin, catalog, 1);

    assertEquals(names(catalog), report.created());
    assertEquals(List.of(), report.existing());
    assertTrue(report.ok(), report.mismatches().toString());
    for (Topic<?, ?> topic : catalog) {
      assertEquals(topic.partitions(), partitions(topic.name()), topic.name());
      Config config = config(topic.name());
      assertEquals(topic.cleanup().config(), config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), topic.name());
      if (topic.retention() != null) {
        assertEquals(
            Long.toString(topic.retention().toMillis()),
            config.get(TopicConfig.RETENTION_MS_CONFIG).value(),
            topic.name());
      }
    }
  }

  @Test
  void shouldReportButNotChangeATopicCreatedWithFewerPartitionsAndAnotherCleanupPolicy() throws Exception {
    Topic<?, ?> usage = renamed(Topics.USAGE, KafkaTopics.uniqueName("usage"));
    Topic<?, ?> routes = renamed(Topics.ROUTES, KafkaTopics.uniqueName("routes"));
    NewTopic wrong =
        new NewTopic(usage.name(), 2, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    admin.createTopics(List.of(wrong)).all().get();

    TopicReport report = TopicInitializer.ensure(admin, List.of(usage, routes), 1);

    assertEquals(List.of(routes.name()), report.created());
    assertEquals(List.of(usage.name()), report.existing());
    assertEquals(
        List.of(
            new TopicReport.Mismatch(usage.name(), "partitions", "6", "2"),
            new TopicReport.Mismatch(usage.name(), "cleanup.policy", "delete", "compact")),
        report.mismatches());
    assertEquals(2, partitions(usage.name()));
  }

  @Test
  void shouldCreateNothingTheSecondTime() {
    List<Topic<?, ?>> catalog = uniqueCopyOfTheCatalog();
    TopicInitializer.ensure(admin, catalog, 1);

    TopicReport again = TopicInitializer.ensure(admin, catalog, 1);

    assertEquals(List.of(), again.created());
    assertEquals(names(catalog), again.existing());
    assertTrue(again.ok(), again.mismatches().toString());
  }

  @Test
  void shouldLetSeveralProcessesEnsureTheSameTopicsAtOnce() throws Exception {
    List<Topic<?, ?>> catalog = uniqueCopyOfTheCatalog();
    Callable<TopicReport> oneProcess = () -> TopicInitializer.ensure(admin, catalog, 1);
    ExecutorService pool = Executors.newFixedThreadPool(4);

    List<TopicReport> reports = new ArrayList<>();
    try {
      for (Future<TopicReport> report : pool.invokeAll(List.of(oneProcess, oneProcess, oneProcess, oneProcess))) {
        reports.add(report.get());
      }
    } finally {
      pool.shutdown();
    }

    List<String> created =
        reports.stream().flatMap(r -> r.created().stream()).sorted().collect(Collectors.toList());
    assertEquals(names(catalog).stream().sorted().collect(Collectors.toList()), created);
    reports.forEach(r -> assertTrue(r.ok(), r.mismatches().toString()));
  }

  private static List<Topic<?, ?>> uniqueCopyOfTheCatalog() {
    return Topics.all().stream()
        .map(t -> renamed(t, KafkaTopics.uniqueName(t.name())))
        .collect(Collectors.toList());
  }

  private static <K, V> Topic<K, V> renamed(Topic<K, V> topic, String name) {
    return new Topic<>(
        name,
        topic.partitions(),
        topic.cleanup(),
        topic.retention(),
        topic.keySerde(),
        topic.valueSerde(),
        topic.keyType(),
        topic.valueType());
  }

  private static List<String> names(Collection<Topic<?, ?>> topics) {
    return topics.stream().map(Topic::name).collect(Collectors.toList());
  }

  private static int partitions(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
  }

  private static Config config(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }
}
