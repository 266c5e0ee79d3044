package dev.tollgate.launcher.e2e;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.ConfigPublisher;
import dev.tollgate.launcher.service.EdgeService;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.KafkaFixture;
import dev.tollgate.testkit.KafkaTopics;
import dev.tollgate.testkit.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The stack the end-to-end tests drive: the real broker of the test kit, the configuration of
 * {@code e2e/stack.yaml} applied through {@code tollgate.config}, and an edge started as {@code ./tollgate run edge}
 * starts it.
 */
final class Stack implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  final VirtualKey allModels = VirtualKey.generate("e2e-all");
  final VirtualKey miniOnly = VirtualKey.generate("e2e-mini-only");
  final VirtualKey limited = VirtualKey.generate("e2e-limited");
  final EdgeService edge;
  final String bootstrap;

  Stack() throws Exception {
    this("/e2e/stack.yaml", UnaryOperator.identity());
  }

  /**
   * A stack on another configuration.
   *
   * @param yamlResource the configuration, a class-path resource; {@code KEY_HASH_*} are replaced by this stack's keys
   * @param fill fills in the test's own placeholders (a fake provider's port, for example)
   */
  Stack(String yamlResource, UnaryOperator<String> fill) throws Exception {
    this(yamlResource, fill, new String[0]);
  }

  /** A stack on another configuration whose edge also gets {@code edgeArgs} (flags of {@code tollgate run edge}). */
  Stack(String yamlResource, UnaryOperator<String> fill, String... edgeArgs) throws Exception {
    bootstrap = KafkaFixture.bootstrapServers();
    try (Admin admin = KafkaTopics.admin()) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
    apply(yamlResource, fill);
    List<String> args = new ArrayList<>(List.of("--port", "0", "--edge-id", "edge-e2e", "--data-dir",
        "target/e2e-data"));
    args.addAll(List.of(edgeArgs));
    edge = EdgeService.start(bootstrap, Args.parse(args.toArray(String[]::new), Map.of()));
    Await.until(DEADLINE, () -> status("/v1/models", allModels) == 200, "the edge to load this test's keys");
  }

  /** Applies another configuration through {@code tollgate.config}, with this stack's keys, as the constructor does. */
  void apply(String yamlResource, UnaryOperator<String> fill) throws IOException {
    String yaml = fill.apply(resource(yamlResource))
        .replace("KEY_HASH_ALL", allModels.hash())
        .replace("KEY_HASH_MINI", miniOnly.hash())
        .replace("KEY_HASH_LIMITED", limited.hash());
    ConfigPublisher.create(bootstrap).apply(ConfigLoader.parse("stack.yaml", yaml).snapshot());
  }

  String baseUrl() {
    return edge.url().orElseThrow() + "/v1";
  }

  /** The usage events of {@code requestIds}, once every one of them is on the topic. */
  Map<String, List<UsageEvent>> usageOf(Set<String> requestIds) {
    List<ConsumerRecord<String, UsageEvent>> records =
        TopicReader.of(Topics.USAGE.name(), new StringDeserializer(), JsonSerde.of(UsageEvent.class).deserializer())
            .readUntil(read -> read.stream().map(r -> r.value().requestId()).collect(Collectors.toSet())
                .containsAll(requestIds), DEADLINE);
    return records.stream().map(ConsumerRecord::value).filter(e -> requestIds.contains(e.requestId()))
        .collect(Collectors.groupingBy(UsageEvent::requestId));
  }

  int status(String path, VirtualKey key) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(edge.url().orElseThrow() + path))
        .header("Authorization", "Bearer " + key.reveal()).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public void close() {
    edge.close();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Stack.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
