package dev.tollgate.edge.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of one spool segment in order, from a start offset up to an end offset, with buffered positional
 * reads: it never moves the channel's position, so the appender can keep writing to the same channel meanwhile.
 *
 * <p>Reading stops at the end, or at the first damaged frame (cut short, impossible length, checksum mismatch), which
 * {@link #damage()} then describes; {@link #position()} is where it stopped.
 */
final class SegmentReader {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final long segment;
  private final FileChannel channel;
  private final long end;
  /** Holds the file's bytes [bufferStart, bufferStart + limit); its position stays 0. */
  private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).limit(0);
  private long bufferStart;
  private long position;
  private String damage;

  SegmentReader(long segment, FileChannel channel, long start, long end) {
    this.segment = segment;
    this.channel = channel;
    this.end = end;
    this.position = start;
    this.bufferStart = start;
  }

  /** The next record, or null at the end or at a damaged frame. */
  SpoolEntry next() throws IOException {
    if (damage != null || position >= end) {
      return null;
    }
    if (!fill(SpoolFrames.HEADER_BYTES)) {
      return damaged("a frame header cut short after " + (end - position) + " bytes");
    }
    int at = (int) (position - bufferStart);
    int payloadBytes = buffer.getInt(at);
    int checksum = buffer.getInt(at + 4);
    if (payloadBytes < SpoolFrames.MIN_PAYLOAD_BYTES || payloadBytes > SpoolFrames.MAX_PAYLOAD_BYTES) {
      return damaged("an impossible frame length of " + payloadBytes + " bytes");
    }
    int frameBytes = SpoolFrames.HEADER_BYTES + payloadBytes;
    if (!fill(frameBytes)) {
      return damaged("a frame cut short after " + (end - position) + " of " + frameBytes + " bytes");
    }
    at = (int) (position - bufferStart);
    ByteBuffer payload = buffer.duplicate().position(at + SpoolFrames.HEADER_BYTES).limit(at + frameBytes);
    if (SpoolFrames.checksum(payload.duplicate()) != checksum) {
      return damaged("a frame whose checksum does not match");
    }
    SpoolRecord record = SpoolFrames.decode(payload);
    if (record == null) {
      return damaged("a frame whose key is longer than the frame");
    }
    SpoolEntry entry = new SpoolEntry(new SpoolPosition(segment, position), frameBytes, record);
    position += frameBytes;
    return entry;
  }

  /** Where reading stopped, or will go on: the end, a damaged frame, or the next frame. */
  long position() {
    return position;
  }

  /** What is wrong with the frame at {@link #position()}, or null when nothing is. */
  String damage() {
    return damage;
  }

  private SpoolEntry damaged(String what) {
    damage = what;
    return null;
  }

  /** Makes sure {@code needed} bytes from {@code position} are buffered; false if the segment ends first. */
  private boolean fill(int needed) throws IOException {
    if (end - position < needed) {
      return false;
    }
    int at = (int) (position - bufferStart);
    if (buffer.limit() - at >= needed) {
      return true;
    }
    buffer.position(at);
    if (buffer.capacity() >= needed) {
      buffer.compact();
    } else {
      buffer = ByteBuffer.allocate(needed).put(buffer);
    }
    bufferStart = position;
    long fileOffset = position + buffer.position();
    while (buffer.position() < needed) {
      buffer.limit((int) Math.min(buffer.capacity(), buffer.position() + (end - fileOffset)));
      int read = channel.read(buffer, fileOffset);
      if (read < 0) {
        buffer.flip();
        return false;
      }
      fileOffset += read;
    }
    buffer.flip();
    return true;
  }
}
