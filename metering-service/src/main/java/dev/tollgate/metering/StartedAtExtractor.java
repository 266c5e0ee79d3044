package dev.tollgate.metering;

import dev.tollgate.schemas.usage.UsageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a usage event is its {@code started_at}: the instant its price is looked up at and the instant
 * that puts it in a rollup window. Anything else keeps the record's own timestamp.
 */
final class StartedAtExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof UsageEvent event) {
      return event.startedAt().toEpochMilli();
    }
    return record.timestamp();
  }
}
