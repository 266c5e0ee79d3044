package dev.tollgate.adapters.bedrock.eventstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/** Builds AWS event-stream messages for tests: the encoder the decoder is checked against. */
public final class EventStreamFrames {
  private EventStreamFrames() {}

  /**
   * A Bedrock event: {@code :event-type}, {@code :content-type: application/json}, {@code :message-type: event}.
   *
   * @param eventType the event type, e.g. {@code contentBlockDelta}
   * @param json the payload
   * @return the encoded message
   */
  public static byte[] event(String eventType, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return message(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A Bedrock exception: {@code :exception-type}, {@code :content-type}, {@code :message-type: exception}.
   *
   * @param exceptionType e.g. {@code throttlingException}
   * @param json the payload, e.g. {@code {"message":"…"}}
   * @return the encoded message
   */
  public static byte[] exception(String exceptionType, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "exception");
    return message(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Any message with string headers.
   *
   * @param headers names to string values (type 7)
   * @param payload the payload
   * @return the encoded message, with both checksums
   */
  public static byte[] message(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream encodedHeaders = new ByteArrayOutputStream();
    headers.forEach((name, value) -> {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      encodedHeaders.write(n.length);
      encodedHeaders.writeBytes(n);
      encodedHeaders.write(7);
      encodedHeaders.write(v.length >> 8);
      encodedHeaders.write(v.length & 0xff);
      encodedHeaders.writeBytes(v);
    });
    byte[] h = encodedHeaders.toByteArray();
    int total = 12 + h.length + payload.length + 4;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total).putInt(h.length);
    out.putInt((int) crc(out.array(), 0, 8));
    out.put(h).put(payload);
    out.putInt((int) crc(out.array(), 0, total - 4));
    return out.array();
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
