package dev.tollgate.adapters.bedrock.eventstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class EventStreamDecoderTest {
  private static final byte[] START = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
  private static final byte[] DELTA = EventStreamFrames.event("contentBlockDelta",
      "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße \uD83D\uDE00\"}}");
  private static final byte[] STOP = EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}");

  @Test
  void decodesAStreamSplitAtEveryByte() throws Exception {
    byte[] stream = concat(START, DELTA, STOP);

    for (int cut = 0; cut <= stream.length; cut++) {
      EventStreamDecoder decoder = new EventStreamDecoder();
      List<EventStreamMessage> messages = new ArrayList<>(decoder.feed(Arrays.copyOfRange(stream, 0, cut)));
      messages.addAll(decoder.feed(Arrays.copyOfRange(stream, cut, stream.length)));

      assertEquals(3, messages.size(), "cut at " + cut);
      assertEquals("contentBlockDelta", messages.get(1).header(":event-type"));
      assertEquals("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße \uD83D\uDE00\"}}",
          new String(messages.get(1).payload(), StandardCharsets.UTF_8));
      assertFalse(decoder.hasPartialMessage());
    }
  }

  @Test
  void decodesOneByteAtATime() throws Exception {
    byte[] stream = concat(START, DELTA, STOP);
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamMessage> messages = new ArrayList<>();

    for (byte b : stream) {
      messages.addAll(decoder.feed(new byte[] {b}));
    }

    assertEquals(List.of("messageStart", "contentBlockDelta", "messageStop"),
        messages.stream().map(m -> m.header(":event-type")).toList());
    assertEquals("event", messages.get(0).header(":message-type"));
  }

  @Test
  void reportsACutMessage() throws Exception {
    EventStreamDecoder decoder = new EventStreamDecoder();

    decoder.feed(concat(START, Arrays.copyOf(DELTA, DELTA.length - 5)));

    assertTrue(decoder.hasPartialMessage());
  }

  @Test
  void refusesACorruptMessageChecksum() {
    byte[] corrupt = DELTA.clone();
    corrupt[corrupt.length - 10] ^= 1; // a payload byte

    EventStreamDecoder decoder = new EventStreamDecoder();
    EventStreamException e = assertThrows(EventStreamException.class, () -> decoder.feed(concat(START, corrupt)));

    assertEquals("event stream message checksum mismatch", e.getMessage());
    assertThrows(EventStreamException.class, () -> decoder.feed(STOP), "stays failed");
  }

  @Test
  void refusesACorruptPreludeBeforeWaitingForItsLength() {
    byte[] corrupt = DELTA.clone();
    corrupt[1] = 0x7f; // total length now ~8 MB: the prelude CRC catches it at once

    EventStreamException e =
        assertThrows(EventStreamException.class, () -> new EventStreamDecoder().feed(Arrays.copyOf(corrupt, 12)));

    assertEquals("event stream prelude checksum mismatch", e.getMessage());
  }

  @Test
  void refusesAnImpossibleLengthWithAValidPreludeChecksum() {
    ByteBuffer prelude = ByteBuffer.allocate(12).putInt(8).putInt(0);
    CRC32 crc = new CRC32();
    crc.update(prelude.array(), 0, 8);
    prelude.putInt((int) crc.getValue());

    assertThrows(EventStreamException.class, () -> new EventStreamDecoder().feed(prelude.array()));
  }

  @Test
  void skipsHeadersOfOtherTypes() throws Exception {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    header(headers, "flag", 0, new byte[0]);
    header(headers, "count", 4, new byte[] {0, 0, 0, 7});
    header(headers, "at", 8, new byte[8]);
    header(headers, "id", 9, new byte[16]);
    header(headers, "blob", 6, new byte[] {0, 2, 1, 2});
    header(headers, ":event-type", 7, new byte[] {0, 4, 'p', 'i', 'n', 'g'});
    byte[] message = raw(headers.toByteArray(), "{}".getBytes(StandardCharsets.UTF_8));

    List<EventStreamMessage> messages = new EventStreamDecoder().feed(message);

    assertEquals(1, messages.size());
    assertEquals(java.util.Map.of(":event-type", "ping"), messages.get(0).headers());
  }

  private static void header(ByteArrayOutputStream out, String name, int type, byte[] value) {
    out.write(name.length());
    out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    out.write(type);
    out.writeBytes(value);
  }

  private static byte[] raw(byte[] headers, byte[] payload) {
    int total = 12 + headers.length + payload.length + 4;
    ByteBuffer out = ByteBuffer.allocate(total).putInt(total).putInt(headers.length);
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, 8);
    out.putInt((int) crc.getValue()).put(headers).put(payload);
    crc = new CRC32();
    crc.update(out.array(), 0, total - 4);
    out.putInt((int) crc.getValue());
    return out.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
