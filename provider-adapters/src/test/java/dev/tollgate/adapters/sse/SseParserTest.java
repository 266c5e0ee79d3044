package dev.tollgate.adapters.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<String> seen = new ArrayList<>();
  private final SseParser parser = new SseParser(new SseListener() {
    @Override
    public void onEvent(SseEvent event) {
      seen.add((event.event() == null ? "" : event.event() + "|") + event.dataText()
          + (event.id() == null ? "" : "#" + event.id()));
    }

    @Override
    public void onComment(String comment) {
      seen.add("comment:" + comment);
    }
  });

  @Test
  void shouldDispatchEventsOnBlankLines() {
    feed("data: {\"a\":1}\n\ndata: [DONE]\n\n");

    assertEquals(List.of("{\"a\":1}", "[DONE]"), seen);
  }

  @Test
  void shouldJoinMultiLineDataAndKeepNamesAndIds() {
    feed("event: message_start\nid: 7\ndata: first\ndata:second\n\n");

    assertEquals(List.of("message_start|first\nsecond#7"), seen);
  }

  @Test
  void shouldAcceptEveryLineEnding() {
    feed("data: a\r\n\r\ndata: b\r\rdata: c\n\n");

    assertEquals(List.of("a", "b", "c"), seen);
  }

  @Test
  void shouldReassembleEventsSplitAnywhere() {
    byte[] stream = "\uFEFF: keep-alive\r\ndata: h\u00e9llo \u2603\r\n\r\ndata: [DONE]\r\n\r\n".getBytes(StandardCharsets.UTF_8);

    for (int i = 0; i < stream.length; i++) {
      parser.feed(stream, i, 1);
    }

    assertEquals(List.of("comment: keep-alive", "h\u00e9llo \u2603", "[DONE]"), seen);
  }

  @Test
  void shouldNotDispatchAnEventLeftUnfinished() {
    feed("data: complete\n\ndata: cut off");

    assertEquals(List.of("complete"), seen);
  }

  @Test
  void shouldIgnoreBlankEventsAndUnknownFields() {
    feed("\n\nretry: 10\nfoo: bar\n\nevent: ping\n\ndata\n\n");

    assertEquals(List.of(""), seen);
  }

  @Test
  void shouldRefuseAnOversizedEvent() {
    SseParser small = new SseParser(event -> { }, 16);

    assertThrows(SseOverflowException.class,
        () -> small.feed("data: 0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
  }

  private void feed(String text) {
    parser.feed(text.getBytes(StandardCharsets.UTF_8));
  }
}
