package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.ConfigPublisher;
import dev.tollgate.launcher.service.EdgeService;
import dev.tollgate.schemas.config.VirtualKey;
import dev.tollgate.schemas.topic.TopicInitializer;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.testkit.Await;
import dev.tollgate.testkit.DedicatedBroker;
import dev.tollgate.testkit.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge while Kafka is away: the broker stops, requests still succeed (the edge serves from memory and spools
 * their usage), the broker comes back, and every request's usage event is on {@code tollgate.usage} exactly once.
 */
class BrokerOutageIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  /** Requests before the outage and again during it; half of each lot streams. */
  private static final int REQUESTS = 10;
  private static final String EDGE_ID = "edge-outage";
  private static final String KEY_ID = "outage-key";
  private static final String MODEL = "gpt-4o-mini";
  private static final String PROMPT = "Say something about toll gates.";

  @TempDir Path dataDir;

  private DedicatedBroker broker;
  private EdgeService edge;

  @AfterEach
  void stopEdgeAndBroker() {
    try {
      if (edge != null) {
        edge.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Test
  void shouldServeEveryRequestWhileKafkaIsDownAndFindEachUsageEventExactlyOnceAfterItReturns() throws Exception {
    // Given a broker with the topics and a configuration of one key, and an edge that serves that key
    broker = DedicatedBroker.start();
    try (Admin admin = broker.admin()) {
      TopicInitializer.ensure(admin, Topics.all(), 1);
    }
    VirtualKey key = VirtualKey.generate(KEY_ID);
    String yaml = resource("/e2e/outage.yaml").replace("KEY_HASH", key.hash());
    ConfigPublisher.create(broker.bootstrapServers()).apply(ConfigLoader.parse("outage.yaml", yaml).snapshot());
    edge = EdgeService.start(broker.bootstrapServers(), Args.parse(
        new String[] {"--port", "0", "--edge-id", EDGE_ID, "--data-dir", dataDir.toString()}, Map.of()));
    OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(edge.url().orElseThrow() + "/v1").apiKey(key.reveal()).maxRetries(0).build();
    Await.until(DEADLINE, () -> client.models().list().data().stream().anyMatch(m -> m.id().equals(MODEL)),
        "the edge to serve this test's key");
    Map<String, Boolean> before = sendRequests(client, "before");
    // delivered before the broker stops, so that no send is in flight across the stop
    readUsageUntilPresent(before.keySet());

    // When the broker stops, more requests come in, the edge spools their usage, and the broker comes back
    broker.stop();
    Map<String, Boolean> during = sendRequests(client, "during");
    assertFalse(broker.isRunning(), "the broker was down while the edge served");
    Path spool = dataDir.resolve("spool").resolve(EDGE_ID);
    Await.until(DEADLINE, () -> spooledBytes(spool) > 0, "the edge to spool usage events in " + spool);
    broker.restart();

    // Then each request's usage event is on the topic once, with its tenant, key, model and outcome
    Map<String, Boolean> all = new LinkedHashMap<>(before);
    all.putAll(during);
    Map<String, List<UsageEvent>> events = readUsageUntilPresent(all.keySet());
    for (Map.Entry<String, Boolean> request : all.entrySet()) {
      List<UsageEvent> found = events.get(request.getKey());
      assertEquals(1, found.size(), "usage events of " + request.getKey() + ": " + found);
      UsageEvent event = found.get(0);
      assertEquals("acme", event.tenant(), event.requestId());
      assertEquals(KEY_ID, event.keyId(), event.requestId());
      assertEquals(MODEL, event.modelAlias(), event.requestId());
      assertEquals(Outcome.OK, event.outcome(), event.requestId());
      assertEquals(200, event.httpStatus(), event.requestId());
      assertEquals(request.getValue(), event.stream(), event.requestId());
      assertEquals(EDGE_ID, event.edgeId(), event.requestId());
    }
    // and once the edge has stopped, nothing else arrives: the topic holds these events and no second copy
    edge.close();
    edge = null;
    assertEquals(all.size(), recordsOnUsageTopic());
  }

  /** Sends {@link #REQUESTS} chat requests, every other one streamed; each request id and whether it streamed. */
  private static Map<String, Boolean> sendRequests(OpenAIClient client, String lot) {
    Map<String, Boolean> sent = new LinkedHashMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      String requestId = "outage-" + lot + "-" + i + "-" + UUID.randomUUID();
      boolean stream = i % 2 == 0;
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(PROMPT)
          .putAdditionalHeader("x-request-id", requestId).build();
      String answer = stream ? streamed(client, params) : client.chat().completions().create(params)
          .choices().get(0).message().content().orElse("");
      assertFalse(answer.isBlank(), "request " + requestId + " was answered");
      sent.put(requestId, stream);
    }
    return sent;
  }

  private static String streamed(OpenAIClient client, ChatCompletionCreateParams params) {
    StringBuilder answer = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(answer::append)));
    }
    return answer.toString();
  }

  /** Reads {@code tollgate.usage} from the beginning until every request id is there; their events by request id. */
  private Map<String, List<UsageEvent>> readUsageUntilPresent(Set<String> requestIds) {
    List<ConsumerRecord<String, UsageEvent>> records =
        TopicReader.of(Topics.USAGE.name(), new StringDeserializer(), Topics.USAGE.valueSerde().deserializer())
            .withBootstrapServers(broker.bootstrapServers())
            .readUntil(read -> read.stream().map(r -> r.value().requestId()).collect(Collectors.toSet())
                .containsAll(requestIds), DEADLINE);
    Map<String, List<UsageEvent>> byId = new LinkedHashMap<>();
    for (ConsumerRecord<String, UsageEvent> record : records) {
      UsageEvent event = record.value();
      assertEquals(event.tenant(), record.key(), "the key of " + event.requestId());
      byId.computeIfAbsent(event.requestId(), id -> new ArrayList<>()).add(event);
    }
    assertTrue(new HashSet<>(requestIds).containsAll(byId.keySet()), "only this test's requests: " + byId.keySet());
    return byId;
  }

  /** Every record on {@code tollgate.usage}, duplicates included: the sum of its partitions' end offsets. */
  private long recordsOnUsageTopic() throws Exception {
    String topic = Topics.USAGE.name();
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
      return admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(info -> info.offset()).sum();
    }
  }

  /** The bytes in the spool's segment files ({@code usage-<n>.spool}). */
  private static long spooledBytes(Path spool) throws IOException {
    if (!Files.isDirectory(spool)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spool)) {
      long bytes = 0;
      for (Path file : files.filter(f -> f.getFileName().toString().matches("usage-\\d+\\.spool")).toList()) {
        bytes += Files.size(file);
      }
      return bytes;
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = BrokerOutageIT.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
