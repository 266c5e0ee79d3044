package dev.tollgate.edge.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.usage.UsageEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on its own: files on a temporary directory, no Kafka. */
class UsageSpoolTest {

  private static final long ROOMY = 64L * 1024 * 1024;
  private static final long SMALL_SEGMENTS = 1024;

  @TempDir Path dir;

  @Test
  void shouldReadRecordsBackInTheOrderTheyWereAppended() {
    // Given
    List<UsageEvent> events = UsageEventSamples.events(25, 3);

    // When
    List<UsageEvent> read;
    try (UsageSpool spool = open(ROOMY, SMALL_SEGMENTS)) {
      spool.append(UsageEventSamples.records(events.subList(0, 10)));
      spool.append(UsageEventSamples.records(events.subList(10, 11)));
      spool.append(UsageEventSamples.records(events.subList(11, 25)));
      read = eventsOf(spool.readUnacknowledged(100));
    }

    // Then
    assertEquals(events, read);
  }

  @Test
  void shouldKeepTheRecordTimestampAndKeyAsWritten() {
    // Given
    UsageEvent event = UsageEventSamples.events(1, 1).get(0);

    // When
    SpoolRecord read;
    try (UsageSpool spool = open(ROOMY, SMALL_SEGMENTS)) {
      spool.append(List.of(SpoolRecord.of(event)));
      read = spool.readUnacknowledged(1).get(0).record();
    }

    // Then
    assertEquals(event.finishedAt().toEpochMilli(), read.timestamp());
    assertEquals(event.tenant(), read.tenant());
    assertEquals(event, read.event());
  }

  @Test
  void shouldCutATornLastFrameAndKeepEveryFrameBeforeIt() throws IOException {
    // Given a spool whose last write was torn by a crash: half a frame at the end
    List<UsageEvent> events = UsageEventSamples.events(4, 2);
    SpoolFiles.leaveSpooled(dir, events.subList(0, 3));
    SpoolFiles.tearAFrameOnto(dir, events.get(3));

    // When
    try (UsageSpool spool = open(ROOMY, ROOMY)) {
      List<UsageEvent> recovered = eventsOf(spool.readUnacknowledged(100));
      spool.append(UsageEventSamples.records(events.subList(3, 4)));
      List<UsageEvent> afterAnotherAppend = eventsOf(spool.readUnacknowledged(100));

      // Then
      assertEquals(events.subList(0, 3), recovered);
      assertEquals(1, spool.damagedFrames());
      assertEquals(events, afterAnotherAppend);
    }
    assertEquals(1, filesEndingWith(".damaged-" + frameBytesOf(events.subList(0, 3))).size());
  }

  @Test
  void shouldCutAFrameWhoseChecksumDoesNotMatch() throws IOException {
    // Given a last frame with one byte of its value changed
    List<UsageEvent> events = UsageEventSamples.events(3, 2);
    try (UsageSpool spool = open(ROOMY, ROOMY)) {
      spool.append(UsageEventSamples.records(events));
    }
    Path segment = segmentFiles().get(0);
    long lastByte = Files.size(segment) - 2;
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'#'}), lastByte);
    }

    // When
    try (UsageSpool spool = open(ROOMY, ROOMY)) {
      List<UsageEvent> recovered = eventsOf(spool.readUnacknowledged(100));

      // Then
      assertEquals(events.subList(0, 2), recovered);
      assertEquals(2, spool.pendingRecords());
      assertEquals(1, spool.damagedFrames());
    }
  }

  @Test
  void shouldNeverReturnAcknowledgedRecordsAgainEvenAfterReopening() {
    // Given
    List<UsageEvent> events = UsageEventSamples.events(5, 2);
    try (UsageSpool spool = open(ROOMY, SMALL_SEGMENTS)) {
      spool.append(UsageEventSamples.records(events));
      List<SpoolEntry> entries = spool.readUnacknowledged(100);

      // When
      spool.acknowledge(entries.subList(0, 3));

      // Then
      assertEquals(events.subList(3, 5), eventsOf(spool.readUnacknowledged(100)));
      assertEquals(2, spool.pendingRecords());
    }
    try (UsageSpool reopened = open(ROOMY, SMALL_SEGMENTS)) {
      assertEquals(events.subList(3, 5), eventsOf(reopened.readUnacknowledged(100)));
      assertEquals(2, reopened.pendingRecords());
    }
  }

  @Test
  void shouldSkipRecordsAcknowledgedOutOfOrder() {
    // Given
    List<UsageEvent> events = UsageEventSamples.events(4, 2);
    try (UsageSpool spool = open(ROOMY, ROOMY)) {
      spool.append(UsageEventSamples.records(events));
      List<SpoolEntry> entries = spool.readUnacknowledged(100);

      // When the second and the fourth were delivered, the first and the third not
      spool.acknowledge(List.of(entries.get(1), entries.get(3)));

      // Then
      assertEquals(List.of(events.get(0), events.get(2)), eventsOf(spool.readUnacknowledged(100)));
      assertEquals(2, spool.pendingRecords());
    }
  }

  @Test
  void shouldDeleteSegmentsOnceEverythingInThemIsAcknowledged() throws IOException {
    // Given a spool spread over many segments
    List<UsageEvent> events = UsageEventSamples.events(30, 3);
    try (UsageSpool spool = open(ROOMY, SMALL_SEGMENTS)) {
      spool.append(UsageEventSamples.records(events.subList(0, 10)));
      spool.append(UsageEventSamples.records(events.subList(10, 20)));
      spool.append(UsageEventSamples.records(events.subList(20, 30)));
      int segmentsBefore = segmentFiles().size();

      // When every record is acknowledged
      spool.acknowledge(spool.readUnacknowledged(100));
      boolean stopped = spool.stopSpoolingIfDrained();

      // Then one fresh, empty segment is left
      assertTrue(segmentsBefore >= 3, "expected several segments, found " + segmentsBefore);
      assertTrue(stopped);
      assertEquals(1, segmentFiles().size());
      assertEquals(0, Files.size(segmentFiles().get(0)));
      assertEquals(0, spool.diskBytes());
      assertEquals(0, spool.pendingRecords());
    }
  }

  @Test
  void shouldDropAndCountRecordsBeyondTheSizeBoundUntilAcknowledgementsFreeRoom() {
    // Given a spool that holds a handful of records
    List<UsageEvent> events = UsageEventSamples.events(21, 3);
    long bound = 4 * 1024;
    try (UsageSpool spool = open(bound, SMALL_SEGMENTS)) {

      // When
      spool.append(UsageEventSamples.records(events.subList(0, 20)));
      long kept = spool.pendingRecords();
      boolean fullAfterwards = spool.full();
      spool.acknowledge(spool.readUnacknowledged(100));
      spool.stopSpoolingIfDrained();
      spool.append(UsageEventSamples.records(events.subList(20, 21)));

      // Then
      assertTrue(kept > 0 && kept < 20, "kept " + kept);
      assertTrue(spool.diskBytes() <= bound);
      assertEquals(20 - kept, spool.dropped());
      assertTrue(fullAfterwards);
      assertFalse(spool.full());
      assertEquals(List.of(events.get(20)), eventsOf(spool.readUnacknowledged(100)));
    }
  }

  @Test
  void shouldTurnSpoolingOffOnlyOnceEverythingIsAcknowledged() {
    // Given
    try (UsageSpool spool = open(ROOMY, ROOMY)) {
      spool.append(UsageEventSamples.records(UsageEventSamples.events(2, 1)));
      List<SpoolEntry> entries = spool.readUnacknowledged(100);

      // When
      spool.acknowledge(entries.subList(0, 1));
      boolean stoppedWithOnePending = spool.stopSpoolingIfDrained();
      spool.acknowledge(entries.subList(1, 2));
      boolean stoppedWhenDrained = spool.stopSpoolingIfDrained();

      // Then
      assertFalse(stoppedWithOnePending);
      assertTrue(stoppedWhenDrained);
      assertFalse(spool.spooling());
      assertFalse(spool.appendIfSpooling(UsageEventSamples.records(UsageEventSamples.events(1, 1))));
    }
  }

  @Test
  void shouldCountRecordsAsSpooledOnlyOnceTheyAreForcedToTheDisk() {
    // Given a policy that groups fsyncs over a long interval
    try (UsageSpool spool =
        UsageSpool.open(dir, FsyncPolicy.atMostEvery(Duration.ofHours(1)), ROOMY, SMALL_SEGMENTS)) {

      // When
      spool.append(UsageEventSamples.records(UsageEventSamples.events(3, 1)));
      long beforeSync = spool.spooled();
      boolean due = spool.syncDue();
      spool.sync();

      // Then
      assertEquals(0, beforeSync);
      assertFalse(due);
      assertEquals(3, spool.spooled());
    }
  }

  @Test
  void shouldRefuseADirectoryAnotherEmitterHolds() {
    // Given
    UsageSpool held = open(ROOMY, ROOMY);
    try {

      // When
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(ROOMY, ROOMY));

      // Then
      assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
    } finally {
      held.close();
    }
  }

  private UsageSpool open(long maxBytes, long segmentBytes) {
    return UsageSpool.open(dir, FsyncPolicy.EVERY_BATCH, maxBytes, segmentBytes);
  }

  private static List<UsageEvent> eventsOf(List<SpoolEntry> entries) {
    return entries.stream().map(entry -> entry.record().event()).collect(Collectors.toList());
  }

  private static long frameBytesOf(List<UsageEvent> events) {
    return events.stream().mapToLong(event -> SpoolFrames.frameBytes(SpoolRecord.of(event))).sum();
  }

  private List<Path> segmentFiles() throws IOException {
    return SpoolFiles.segmentFiles(dir);
  }

  private List<Path> filesEndingWith(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted()
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }
}
