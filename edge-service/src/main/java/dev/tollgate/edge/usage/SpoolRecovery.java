package dev.tollgate.edge.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments a spool directory holds, as a crashed or a cleanly stopped edge left them: deletes the ones the
 * checkpoint says were delivered, reads every other frame to count what is pending, and cuts each damaged tail (a
 * write torn by a crash) into a {@code .damaged} file beside it, so the frames before it stay readable and the
 * appender never writes after garbage.
 */
final class SpoolRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

  /** What was found: segments oldest first, where replay starts, and how much is left to replay. */
  record Recovered(
      List<SpoolSegment> segments,
      SpoolPosition committed,
      long pendingRecords,
      long damagedFrames,
      long nextSegmentNumber) {}

  private final Path dir;
  private final Optional<SpoolPosition> checkpoint;
  private final List<SpoolSegment> segments = new ArrayList<>();
  private SpoolPosition committed;
  private long pendingRecords;
  private long damagedFrames;

  private SpoolRecovery(Path dir, Optional<SpoolPosition> checkpoint) {
    this.dir = dir;
    this.checkpoint = checkpoint;
  }

  static Recovered recover(Path dir, Optional<SpoolPosition> checkpoint) throws IOException {
    SpoolRecovery recovery = new SpoolRecovery(dir, checkpoint);
    try {
      for (Path file : segmentFiles(dir)) {
        recovery.recoverSegment(file);
      }
    } catch (IOException | RuntimeException e) {
      for (SpoolSegment segment : recovery.segments) {
        segment.close();
      }
      throw e;
    }
    long lastUsed = Math.max(
        checkpoint.map(SpoolPosition::segment).orElse(0L),
        recovery.segments.isEmpty() ? 0 : recovery.segments.get(recovery.segments.size() - 1).number());
    return new Recovered(
        List.copyOf(recovery.segments),
        recovery.committed,
        recovery.pendingRecords,
        recovery.damagedFrames,
        lastUsed + 1);
  }

  private static List<Path> segmentFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> SpoolSegment.numberOf(file).isPresent())
          .sorted(Comparator.comparingLong(file -> SpoolSegment.numberOf(file).getAsLong()))
          .collect(Collectors.toList());
    }
  }

  private void recoverSegment(Path file) throws IOException {
    long number = SpoolSegment.numberOf(file).getAsLong();
    if (checkpoint.isPresent() && number < checkpoint.get().segment()) {
      Files.delete(file);
      return;
    }
    long acknowledged = checkpoint.filter(c -> c.segment() == number).map(SpoolPosition::offset).orElse(0L);
    SpoolSegment segment = SpoolSegment.open(file);
    segments.add(segment);
    // replay resumes at the last frame boundary not after the checkpoint: at worst a frame is sent twice
    long resumeAt = 0;
    SegmentReader reader = segment.reader(0);
    for (SpoolEntry entry = reader.next(); entry != null; entry = reader.next()) {
      if (entry.position().offset() <= acknowledged) {
        resumeAt = entry.position().offset();
      }
      if (entry.next().offset() > acknowledged) {
        pendingRecords++;
      }
    }
    if (reader.position() <= acknowledged) {
      resumeAt = reader.position();
    }
    if (reader.damage() != null) {
      cutDamagedTail(segment, reader.position(), reader.damage());
    }
    if (committed == null) {
      committed = new SpoolPosition(number, resumeAt);
    }
  }

  private void cutDamagedTail(SpoolSegment segment, long offset, String damage) throws IOException {
    long bytes = segment.size() - offset;
    Path aside = segment.path().resolveSibling(segment.path().getFileName() + ".damaged-" + offset);
    segment.cutTail(offset, aside);
    damagedFrames++;
    LOG.warn(
        "usage spool: {} has {} at offset {}; kept the {} bytes from there in {} and replay the frames before it",
        segment, damage, offset, bytes, aside.getFileName());
  }
}
