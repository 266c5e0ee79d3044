package dev.tollgate.adapters.bedrock.eventstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Decodes the AWS event stream ({@code application/vnd.amazon.eventstream}) fed in pieces split anywhere. Each
 * message is a prelude (total length, headers length, CRC32 of those 8 bytes), headers, a payload, and a CRC32 of
 * all that precedes it; both checksums are verified before a message is handed out. Header values of type string
 * (7) are kept, the others are read and skipped. Stateful and not thread-safe; after an error it stays failed.
 */
public final class EventStreamDecoder {
  /** AWS bounds a message at 16 MiB; a larger length is a corrupt prelude, not a message to wait for. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static final int PRELUDE_BYTES = 12;
  private static final int MIN_MESSAGE_BYTES = PRELUDE_BYTES + 4;

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private EventStreamException failed;

  /**
   * Feeds bytes and hands out the messages they complete, each as soon as it is verified: the messages before a
   * corrupt one are handed out before the exception.
   *
   * @param bytes the next bytes of the stream
   * @param sink receives each complete message, in order
   * @throws EventStreamException when the stream is corrupt (then and on every later call)
   */
  public void feed(byte[] bytes, Consumer<EventStreamMessage> sink) throws EventStreamException {
    if (failed != null) {
      throw failed;
    }
    pending.writeBytes(bytes);
    byte[] buffer = pending.toByteArray();
    int at = 0;
    try {
      while (buffer.length - at >= PRELUDE_BYTES) {
        int total = preludeLength(buffer, at);
        if (buffer.length - at < total) {
          break;
        }
        EventStreamMessage message = message(buffer, at, total);
        at += total;
        sink.accept(message);
      }
    } catch (EventStreamException e) {
      failed = e;
      pending.reset();
      throw e;
    }
    pending.reset();
    pending.write(buffer, at, buffer.length - at);
  }

  /**
   * Feeds bytes and returns the messages they complete.
   *
   * @param bytes the next bytes of the stream
   * @return the complete messages, in order; empty when none completed
   * @throws EventStreamException when the stream is corrupt (then and on every later call)
   */
  public List<EventStreamMessage> feed(byte[] bytes) throws EventStreamException {
    List<EventStreamMessage> messages = new ArrayList<>();
    feed(bytes, messages::add);
    return messages;
  }

  /**
   * Whether bytes of an incomplete message are waiting: at the end of the body, a cut stream.
   *
   * @return true when a message was started and not finished
   */
  public boolean hasPartialMessage() {
    return pending.size() > 0;
  }

  private static int preludeLength(byte[] buffer, int at) throws EventStreamException {
    ByteBuffer prelude = ByteBuffer.wrap(buffer, at, PRELUDE_BYTES);
    int total = prelude.getInt();
    int headers = prelude.getInt();
    long crc = Integer.toUnsignedLong(prelude.getInt());
    if (crc != crc32(buffer, at, 8)) {
      throw new EventStreamException("event stream prelude checksum mismatch");
    }
    if (total < MIN_MESSAGE_BYTES || total > MAX_MESSAGE_BYTES || headers < 0
        || headers > total - MIN_MESSAGE_BYTES) {
      throw new EventStreamException("event stream message length out of range");
    }
    return total;
  }

  private static EventStreamMessage message(byte[] buffer, int at, int total) throws EventStreamException {
    long crc = Integer.toUnsignedLong(ByteBuffer.wrap(buffer, at + total - 4, 4).getInt());
    if (crc != crc32(buffer, at, total - 4)) {
      throw new EventStreamException("event stream message checksum mismatch");
    }
    int headersLength = ByteBuffer.wrap(buffer, at + 4, 4).getInt();
    int headersStart = at + PRELUDE_BYTES;
    Map<String, String> headers = headers(buffer, headersStart, headersStart + headersLength);
    byte[] payload = Arrays.copyOfRange(buffer, headersStart + headersLength, at + total - 4);
    return new EventStreamMessage(headers, payload);
  }

  private static Map<String, String> headers(byte[] buffer, int start, int end) throws EventStreamException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteBuffer in = ByteBuffer.wrap(buffer, start, end - start);
    try {
      while (in.hasRemaining()) {
        int nameLength = Byte.toUnsignedInt(in.get());
        String name = string(in, nameLength);
        int type = in.get();
        switch (type) {
          case 0, 1 -> { } // boolean true, false: no value bytes
          case 2 -> in.get();
          case 3 -> in.getShort();
          case 4 -> in.getInt();
          case 5, 8 -> in.getLong(); // long, timestamp
          case 6 -> skip(in, Short.toUnsignedInt(in.getShort()));
          case 7 -> headers.put(name, string(in, Short.toUnsignedInt(in.getShort())));
          case 9 -> skip(in, 16); // uuid
          default -> throw new EventStreamException("event stream header of unknown type " + type);
        }
      }
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new EventStreamException("event stream headers overrun their length");
    }
    return headers;
  }

  private static String string(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void skip(ByteBuffer in, int length) {
    in.position(in.position() + length);
  }

  private static long crc32(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
