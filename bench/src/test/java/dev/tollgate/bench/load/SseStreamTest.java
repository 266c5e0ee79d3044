package dev.tollgate.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseStreamTest {
  private static final String ROLE =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
  private static final String FINISH = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

  private final List<Long> firsts = new ArrayList<>();
  private final List<long[]> nexts = new ArrayList<>();
  private final SseStream stream = new SseStream(1_000, new SseStream.TokenSink() {
    @Override
    public void firstToken(long ttftNanos) {
      firsts.add(ttftNanos);
    }

    @Override
    public void nextToken(long gapNanos, int index, long sinceFirstNanos) {
      nexts.add(new long[] {gapNanos, index, sinceFirstNanos});
    }
  });

  private static String token(String text) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
  }

  @Test
  void timesTokenEventsOnlyNotTheRoleFinishOrDone() {
    stream.onBytes(Buffer.buffer(ROLE + token("a")), 5_000);
    stream.onBytes(Buffer.buffer(token("b")), 25_000);
    stream.onBytes(Buffer.buffer(token("c") + FINISH + "data: [DONE]\n\n"), 45_000);

    assertEquals(List.of(4_000L), firsts);
    assertEquals(2, nexts.size());
    assertEquals(List.of(20_000L, 1L, 20_000L), List.of(nexts.get(0)[0], nexts.get(0)[1], nexts.get(0)[2]));
    assertEquals(List.of(20_000L, 2L, 40_000L), List.of(nexts.get(1)[0], nexts.get(1)[1], nexts.get(1)[2]));
    assertEquals(3, stream.tokens());
  }

  @Test
  void anEventSplitAcrossReadsCountsWhenItsEndArrives() {
    String event = token("split");
    stream.onBytes(Buffer.buffer(event.substring(0, 20)), 2_000);
    assertEquals(0, stream.tokens());
    stream.onBytes(Buffer.buffer(event.substring(20, event.length() - 1)), 3_000);
    assertEquals(0, stream.tokens());
    stream.onBytes(Buffer.buffer(event.substring(event.length() - 1)), 4_000);
    assertEquals(List.of(3_000L), firsts);
  }

  @Test
  void endsOnlyOnce() {
    assertEquals(true, stream.end());
    assertEquals(false, stream.end());
  }
}
