package dev.tollgate.launcher.e2e.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  @Test
  void eachEventsDataInOrder() {
    assertEquals(List.of("{\"a\":1}", "[DONE]"), ServerSentEvents.data("data: {\"a\":1}\n\ndata: [DONE]\n\n"));
  }

  @Test
  void commentsAndOtherFieldsAreSkippedAndDataLinesJoined() {
    assertEquals(List.of("one\ntwo", "x"),
        ServerSentEvents.data(": keep-alive\n\nevent: error\r\nid: 7\r\ndata: one\r\ndata:two\r\n\r\ndata:x\n\n"));
  }

  @Test
  void anEventTheBodyDoesNotEndIsDropped() {
    assertEquals(List.of("first"), ServerSentEvents.data("data: first\n\ndata: half"));
  }
}
