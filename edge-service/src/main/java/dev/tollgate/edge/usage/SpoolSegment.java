package dev.tollgate.edge.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the spool, {@code usage-<number>.spool}, appended to until it is big enough, then only read until
 * every frame in it is acknowledged and it is deleted. Numbers only grow, so they order the segments.
 *
 * <p>Writes are positional at {@link #size()}, and {@code size} moves only after a write completed, so a reader that
 * stays below {@code size} never sees a half-written frame.
 */
final class SpoolSegment {

  private static final Pattern NAME = Pattern.compile("usage-(\\d{20})\\.spool");

  private final long number;
  private final Path path;
  private final FileChannel channel;
  private volatile long size;

  private SpoolSegment(long number, Path path, FileChannel channel, long size) {
    this.number = number;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static SpoolSegment create(Path dir, long number) throws IOException {
    Path path = dir.resolve(fileName(number));
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new SpoolSegment(number, path, channel, 0);
  }

  static SpoolSegment open(Path path) throws IOException {
    long number = numberOf(path).orElseThrow(() -> new IllegalArgumentException("not a spool segment: " + path));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new SpoolSegment(number, path, channel, channel.size());
  }

  /** The segment number in a file name, or empty if the file is no segment. */
  static OptionalLong numberOf(Path file) {
    Matcher matcher = NAME.matcher(file.getFileName().toString());
    return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
  }

  private static String fileName(long number) {
    return String.format("usage-%020d.spool", number);
  }

  long number() {
    return number;
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  SpoolPosition end() {
    return new SpoolPosition(number, size);
  }

  SegmentReader reader(long from) {
    return new SegmentReader(number, channel, from, size);
  }

  /** Appends whole frames; on failure cuts what was written, so no half frame stays in the file. */
  void append(ByteBuffer frames) throws IOException {
    long at = size;
    try {
      while (frames.hasRemaining()) {
        at += channel.write(frames, at);
      }
    } catch (IOException e) {
      try {
        channel.truncate(size);
      } catch (IOException truncateFailed) {
        e.addSuppressed(truncateFailed);
      }
      throw e;
    }
    size = at;
  }

  void force() throws IOException {
    channel.force(false);
  }

  /**
   * Moves the bytes from {@code offset} to the end into {@code keepAside} and cuts them off, so a damaged tail is
   * neither read nor lost.
   */
  void cutTail(long offset, Path keepAside) throws IOException {
    try (FileChannel aside =
        FileChannel.open(keepAside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long copied = 0;
      while (offset + copied < size) {
        long moved = channel.transferTo(offset + copied, size - offset - copied, aside);
        if (moved <= 0) {
          break;
        }
        copied += moved;
      }
      aside.force(false);
    }
    channel.truncate(offset);
    channel.force(false);
    size = offset;
  }

  void close() throws IOException {
    channel.close();
  }

  void delete() throws IOException {
    channel.close();
    Files.deleteIfExists(path);
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
