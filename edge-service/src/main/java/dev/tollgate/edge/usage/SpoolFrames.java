package dev.tollgate.edge.usage;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The spool's frame layout, one frame per record:
 *
 * <pre>
 * int32  payload length (big-endian)
 * int32  CRC32C of the payload
 * payload:
 *   int64  record timestamp, epoch milliseconds
 *   uint16 key length
 *   key    (the tenant, UTF-8)
 *   value  (the usage event's JSON, as on the topic)
 * </pre>
 *
 * A frame cut short by a crash, or one whose checksum does not match, ends the readable part of its segment.
 */
final class SpoolFrames {

  static final int HEADER_BYTES = 8;
  /** The timestamp and the key length: a payload is never shorter. */
  static final int MIN_PAYLOAD_BYTES = 8 + 2;
  static final int MAX_KEY_BYTES = 0xFFFF;
  /** Far above any usage event; a larger length field can only be damage. */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;

  private SpoolFrames() {}

  static int frameBytes(SpoolRecord record) {
    return HEADER_BYTES + MIN_PAYLOAD_BYTES + record.key().length + record.value().length;
  }

  static ByteBuffer encode(List<SpoolRecord> records) {
    int total = records.stream().mapToInt(SpoolFrames::frameBytes).sum();
    ByteBuffer out = ByteBuffer.allocate(total);
    records.forEach(record -> encode(record, out));
    return out.flip();
  }

  private static void encode(SpoolRecord record, ByteBuffer out) {
    int frameStart = out.position();
    out.putInt(MIN_PAYLOAD_BYTES + record.key().length + record.value().length);
    out.putInt(0);
    int payloadStart = out.position();
    out.putLong(record.timestamp());
    out.putShort((short) record.key().length).put(record.key()).put(record.value());
    out.putInt(frameStart + 4, checksum(out.duplicate().position(payloadStart).limit(out.position())));
  }

  static int checksum(ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  /** The record in a payload whose checksum matched; null if its key length does not fit the payload. */
  static SpoolRecord decode(ByteBuffer payload) {
    long timestamp = payload.getLong();
    int keyLength = Short.toUnsignedInt(payload.getShort());
    if (keyLength > payload.remaining()) {
      return null;
    }
    byte[] key = new byte[keyLength];
    payload.get(key);
    byte[] value = new byte[payload.remaining()];
    payload.get(value);
    return new SpoolRecord(timestamp, key, value);
  }
}
