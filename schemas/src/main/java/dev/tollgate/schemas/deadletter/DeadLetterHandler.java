package dev.tollgate.schemas.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Streams {@link DeserializationExceptionHandler} that skips a record it cannot read and writes it, key and value
 * as read, to the dead-letter topic named by {@value StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG}. The
 * dead letter is sent by the task's producer, so under {@code exactly_once_v2} it is committed in the same
 * transaction as the output of the records around it. Install it with {@link #install}.
 *
 * <p>Kafka's {@code LogAndContinueExceptionHandler} does the same but logs the exception with its stack trace, and
 * Jackson's messages quote the offending JSON (a token, an enum value). This handler logs where the record was,
 * never its key, value or the exception's message; those are on the dead letter, in the headers:
 *
 * <ul>
 *   <li>{@value #EXCEPTION}: the exception's class, {@value #MESSAGE}: its message (for our serdes, the record type
 *       and the field, e.g. {@code UsageEvent: request_id is required});
 *   <li>{@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}: where the record was read;
 * </ul>
 *
 * after the record's own headers. The names are Kafka's (KIP-1034), so its tools and docs apply. Kafka Streams
 * itself also logs the skip ({@code Skipping record due to deserialization error}) with the exception: the
 * launcher's logging configuration drops that line.
 *
 * <p>Kafka Streams 4.3 cannot write dead letters from a global store's source (its global thread has no producer,
 * and a dead letter returned there fails the thread with a {@code ClassCastException}). A record of a global store's
 * topic that cannot be read is therefore skipped, logged with its offset, and left where it is.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

  /** Header: the class of the exception. */
  public static final String EXCEPTION = "__streams.errors.exception";

  /** Header: the message of the exception. */
  public static final String MESSAGE = "__streams.errors.message";

  /** Header: the topic the record was read from. */
  public static final String TOPIC = "__streams.errors.topic";

  /** Header: its partition, in decimal. */
  public static final String PARTITION = "__streams.errors.partition";

  /** Header: its offset, in decimal. */
  public static final String OFFSET = "__streams.errors.offset";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

  private String applicationId;
  private String deadLetterTopic;

  /**
   * Sets this handler and its dead-letter topic in a Streams configuration.
   *
   * @param streamsConfig the configuration of a Streams job
   * @param deadLetterTopic the job's dead-letter topic, which must exist (it is in the topic catalog)
   */
  public static void install(Properties streamsConfig, String deadLetterTopic) {
    streamsConfig.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    streamsConfig.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
  }

  /**
   * Reads the dead-letter topic and the application id from the Streams configuration.
   *
   * @throws ConfigException if no dead-letter topic is set
   */
  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is required by "
          + DeadLetterHandler.class.getSimpleName());
    }
    deadLetterTopic = topic.toString();
    applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  /** Skips the record, and unless it feeds a global store, returns it as a dead letter. */
  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (isGlobal(context.taskId())) {
      LOG.warn("{} skipped an unreadable record of the global store topic {}, partition {}, offset {} ({}); "
              + "global stores have no dead-letter topic: read it there",
          applicationId, context.topic(), context.partition(), context.offset(), exception.getClass().getName());
      return Response.resume();
    }
    LOG.warn("{} moved an unreadable record of {}, partition {}, offset {} ({}) to {}; its headers say why",
        applicationId, context.topic(), context.partition(), context.offset(), exception.getClass().getName(),
        deadLetterTopic);
    return Response.resume(List.of(deadLetter(context, exception)));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, Exception exception) {
    ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(
        deadLetterTopic, null, context.timestamp(), context.sourceRawKey(), context.sourceRawValue());
    Headers headers = letter.headers();
    for (Header header : context.headers()) {
      headers.add(header);
    }
    headers.add(EXCEPTION, utf8(exception.getClass().getName()));
    headers.add(MESSAGE, utf8(String.valueOf(exception.getMessage())));
    headers.add(TOPIC, utf8(context.topic()));
    headers.add(PARTITION, utf8(Integer.toString(context.partition())));
    headers.add(OFFSET, utf8(Long.toString(context.offset())));
    return letter;
  }

  // a global store's records are handled on the global thread, whose context has the task id -1_-1
  private static boolean isGlobal(TaskId task) {
    return task == null || task.subtopology() < 0;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
