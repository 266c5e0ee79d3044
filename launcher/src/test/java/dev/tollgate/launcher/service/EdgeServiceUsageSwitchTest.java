package dev.tollgate.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.edge.usage.UsageEmitter;
import dev.tollgate.edge.usage.UsageMetrics;
import dev.tollgate.launcher.Args;
import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.usage.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeServiceUsageSwitchTest {
  private final RecordingEmitter emitter = new RecordingEmitter();

  @Test
  void usageEventsGoToTheEmitterByDefault() {
    EdgeService.usageSink(Args.parse(new String[] {"run", "edge"}, Map.of()), emitter)
        .accept(RecordSamples.usageEvent());
    assertEquals(1, emitter.events.size());
  }

  @Test
  void usageEventsOffEmitsNothing() {
    EdgeService.usageSink(Args.parse(new String[] {"run", "edge", "--usage-events", "off"}, Map.of()), emitter)
        .accept(RecordSamples.usageEvent());
    EdgeService.usageSink(Args.parse(new String[] {"run", "edge"}, Map.of("TOLLGATE_USAGE_EVENTS", "off")), emitter)
        .accept(RecordSamples.usageEvent());
    assertEquals(0, emitter.events.size());
  }

  @Test
  void anyOtherValueIsAUsageError() {
    Args args = Args.parse(new String[] {"run", "edge", "--usage-events", "no"}, Map.of());
    assertThrows(Args.UsageException.class, () -> EdgeService.usageSink(args, emitter));
  }

  /** Records what it is handed; the switch under test never reaches Kafka. */
  private static final class RecordingEmitter implements UsageEmitter {
    final List<UsageEvent> events = new ArrayList<>();

    @Override
    public void emit(UsageEvent event) {
      events.add(event);
    }

    @Override
    public UsageMetrics metrics() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
