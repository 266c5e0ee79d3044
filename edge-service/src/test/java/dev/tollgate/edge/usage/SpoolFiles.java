package dev.tollgate.edge.usage;

import dev.tollgate.schemas.usage.UsageEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a crash leaves in a spool directory, made by hand. */
final class SpoolFiles {

  private SpoolFiles() {}

  /** Writes {@code events} into the spool in {@code dir} and leaves it as a process would that died afterwards. */
  static void leaveSpooled(Path dir, List<UsageEvent> events) {
    try (UsageSpool spool = UsageSpool.open(dir, FsyncPolicy.EVERY_BATCH, 1 << 20)) {
      spool.append(UsageEventSamples.records(events));
    }
  }

  /** Appends the first half of {@code event}'s frame to the newest segment: a write torn by a crash. */
  static void tearAFrameOnto(Path dir, UsageEvent event) throws IOException {
    ByteBuffer frame = SpoolFrames.encode(List.of(SpoolRecord.of(event)));
    frame.limit(frame.limit() / 2);
    List<Path> segments = segmentFiles(dir);
    try (FileChannel channel = FileChannel.open(
        segments.get(segments.size() - 1), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }
  }

  static List<Path> segmentFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> SpoolSegment.numberOf(file).isPresent()).sorted().collect(Collectors.toList());
    }
  }
}
