package dev.tollgate.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.launcher.Args;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeServiceEventLoopsTest {
  @Test
  void oneInstanceByDefault() {
    assertEquals(1, EdgeService.eventLoops(Args.parse(new String[] {"run", "edge"}, Map.of())));
  }

  @Test
  void theFlagOrTheVariableSetsTheInstances() {
    assertEquals(4, EdgeService.eventLoops(Args.parse(new String[] {"run", "edge", "--event-loops", "4"}, Map.of())));
    assertEquals(2, EdgeService.eventLoops(
        Args.parse(new String[] {"run", "edge"}, Map.of("TOLLGATE_EDGE_EVENT_LOOPS", "2"))));
  }

  @Test
  void anythingButAPositiveWholeNumberIsAUsageError() {
    for (String value : new String[] {"0", "-2", "two", "1.5", "100000"}) {
      Args args = Args.parse(new String[] {"run", "edge", "--event-loops", value}, Map.of());
      assertThrows(Args.UsageException.class, () -> EdgeService.eventLoops(args), value);
    }
  }
}
