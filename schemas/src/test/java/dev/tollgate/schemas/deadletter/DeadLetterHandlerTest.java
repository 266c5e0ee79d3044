package dev.tollgate.schemas.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.usage.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private static final byte[] KEY = "acme".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "{\"tenant_id\":\"acme\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldResumeWithTheRecordAsReadAndWhyOnTheDeadLetterTopic() {
    DeadLetterHandler handler = configured();
    Headers original = new RecordHeaders().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
    Exception failure = unreadable();

    Response response = handler.handleError(new Context(new TaskId(0, 4), original), record(), failure);

    assertEquals(Result.RESUME, response.result());
    assertEquals(1, response.deadLetterQueueRecords().size());
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    assertEquals("tollgate.test.dead-letters", letter.topic());
    assertNull(letter.partition());
    assertEquals(1_700_000_000_000L, letter.timestamp());
    assertArrayEquals(KEY, letter.key());
    assertArrayEquals(VALUE, letter.value());
    assertEquals("00-abc-01", header(letter, "traceparent"));
    assertEquals(failure.getClass().getName(), header(letter, DeadLetterHandler.EXCEPTION));
    assertEquals(failure.getMessage(), header(letter, DeadLetterHandler.MESSAGE));
    assertEquals("tollgate.usage", header(letter, DeadLetterHandler.TOPIC));
    assertEquals("4", header(letter, DeadLetterHandler.PARTITION));
    assertEquals("42", header(letter, DeadLetterHandler.OFFSET));
  }

  @Test
  void shouldOnlySkipARecordOfAGlobalStoreWhichHasNoDeadLetterTopic() {
    DeadLetterHandler handler = configured();

    Response response = handler.handleError(new Context(new TaskId(-1, -1), new RecordHeaders()), record(), unreadable());

    assertEquals(Result.RESUME, response.result());
    assertEquals(List.of(), response.deadLetterQueueRecords());
  }

  @Test
  void shouldRefuseAConfigurationWithoutADeadLetterTopic() {
    DeadLetterHandler handler = new DeadLetterHandler();

    assertThrows(ConfigException.class, () -> handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app")));
  }

  @Test
  void shouldInstallItselfAndItsTopicInAStreamsConfiguration() {
    Properties config = new Properties();

    DeadLetterHandler.install(config, "tollgate.test.dead-letters");

    assertEquals(DeadLetterHandler.class, config.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
    assertEquals("tollgate.test.dead-letters", config.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
  }

  private static DeadLetterHandler configured() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(Map.of(
        StreamsConfig.APPLICATION_ID_CONFIG, "app",
        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "tollgate.test.dead-letters"));
    return handler;
  }

  /** What our serde throws for a usage event without a request id. */
  private static Exception unreadable() {
    try {
      JsonSerde.of(UsageEvent.class).deserializer().deserialize("tollgate.usage", VALUE);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("the value should not be readable");
  }

  private static ConsumerRecord<byte[], byte[]> record() {
    return new ConsumerRecord<>("tollgate.usage", 4, 42, KEY, VALUE);
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** The context Streams gives a handler for a record read at tollgate.usage-4@42. */
  private record Context(TaskId taskId, Headers headers) implements ErrorHandlerContext {
    @Override
    public String topic() {
      return "tollgate.usage";
    }

    @Override
    public int partition() {
      return 4;
    }

    @Override
    public long offset() {
      return 42;
    }

    @Override
    public String processorNodeId() {
      return "source";
    }

    @Override
    public long timestamp() {
      return 1_700_000_000_000L;
    }

    @Override
    public byte[] sourceRawKey() {
      return KEY;
    }

    @Override
    public byte[] sourceRawValue() {
      return VALUE;
    }
  }
}
