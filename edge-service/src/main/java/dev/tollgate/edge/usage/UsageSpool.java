package dev.tollgate.edge.usage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local, append-only store of usage events that could not go to Kafka, in segment files of framed records (see
 * {@link SpoolFrames}), replayed oldest first.
 *
 * <p>Appends come from any thread and hold the lock only for a buffered write; {@link #sync()} forces the disk
 * outside the lock. Reading and acknowledging belong to the one replayer thread, which reads below each segment's
 * completed size without the lock. An acknowledgement moves the replay checkpoint forward and deletes segments that
 * hold nothing unacknowledged; the checkpoint is written before any deletion, so a crash in between only leaves
 * files the next start deletes.
 *
 * <p>The spool also holds the emitter's routing switch, {@link #spooling()}: it must be on whenever anything is
 * pending, and it can only be turned off under the same lock that appends take, at the moment nothing is.
 */
final class UsageSpool implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);
  private static final long MIN_SEGMENT_BYTES = 4 * 1024;
  private static final long MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

  private final Path dir;
  private final FsyncPolicy fsync;
  private final long maxBytes;
  private final long segmentBytes;
  private final SpoolCheckpoint checkpoint;
  private final FileChannel lockChannel;
  private final LongAdder spooled = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder damagedFrames = new LongAdder();

  // guarded by this
  private final ArrayDeque<SpoolSegment> segments;
  private SpoolPosition committed;
  private long pendingRecords;
  private long diskBytes;
  private boolean spooling;
  private boolean full;
  private final Set<SpoolSegment> unsyncedSegments = new LinkedHashSet<>();
  private long unsyncedRecords;
  private boolean directoryUnsynced;
  private long lastSyncNanos = System.nanoTime();

  /** Frames acknowledged out of order, after {@code committed}, with their sizes; replayer thread only. */
  private final Map<SpoolPosition, Integer> acknowledgedAhead = new HashMap<>();

  private UsageSpool(
      Path dir,
      FsyncPolicy fsync,
      long maxBytes,
      long segmentBytes,
      FileChannel lockChannel,
      SpoolCheckpoint checkpoint,
      SpoolRecovery.Recovered recovered)
      throws IOException {
    this.dir = dir;
    this.fsync = fsync;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.checkpoint = checkpoint;
    this.segments = new ArrayDeque<>(recovered.segments());
    this.damagedFrames.add(recovered.damagedFrames());
    this.pendingRecords = recovered.pendingRecords();
    this.spooling = pendingRecords > 0;
    this.diskBytes = segments.stream().mapToLong(SpoolSegment::size).sum();
    if (segments.isEmpty() || segments.getLast().size() >= segmentBytes) {
      roll(recovered.nextSegmentNumber());
    }
    this.committed = recovered.committed() != null ? recovered.committed() : segments.getFirst().end();
  }

  /** Opens the spool in {@code dir} with segments sized from the bound. */
  static UsageSpool open(Path dir, FsyncPolicy fsync, long maxBytes) {
    long segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
    return open(dir, fsync, maxBytes, segmentBytes);
  }

  /**
   * Opens the spool in {@code dir}, creating it if needed, and recovers what an earlier run left.
   *
   * @throws IllegalStateException if another emitter holds the directory
   * @throws UncheckedIOException if the directory cannot be used
   */
  static UsageSpool open(Path dir, FsyncPolicy fsync, long maxBytes, long segmentBytes) {
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(dir);
      lockChannel = lock(dir);
      SpoolCheckpoint checkpoint = new SpoolCheckpoint(dir);
      SpoolRecovery.Recovered recovered = SpoolRecovery.recover(dir, checkpoint.read());
      UsageSpool spool = new UsageSpool(dir, fsync, maxBytes, segmentBytes, lockChannel, checkpoint, recovered);
      if (recovered.pendingRecords() > 0) {
        LOG.info("usage spool {}: {} events ({} bytes) left by an earlier run, to be replayed first",
            dir, recovered.pendingRecords(), spool.diskBytes());
      }
      return spool;
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new UncheckedIOException("cannot open the usage spool in " + dir, e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  private static FileChannel lock(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("the usage spool " + dir + " is in use by another emitter");
    }
    return channel;
  }

  /** Appends {@code records} if events currently go to the spool; false (and nothing written) if they go to Kafka. */
  synchronized boolean appendIfSpooling(List<SpoolRecord> records) {
    if (!spooling) {
      return false;
    }
    write(records);
    return true;
  }

  /**
   * Appends {@code records} and turns spooling on. Records beyond the size bound, or that the disk refuses, are
   * dropped and counted.
   */
  synchronized void append(List<SpoolRecord> records) {
    spooling = true;
    write(records);
  }

  private void write(List<SpoolRecord> records) {
    List<SpoolRecord> fitting = new ArrayList<>(records.size());
    long bytes = 0;
    for (SpoolRecord record : records) {
      int frameBytes = SpoolFrames.frameBytes(record);
      if (diskBytes + bytes + frameBytes <= maxBytes) {
        fitting.add(record);
        bytes += frameBytes;
      }
    }
    if (!fitting.isEmpty()) {
      writeToHead(fitting, bytes);
    }
    noteRoom(records.size() - fitting.size());
  }

  private void writeToHead(List<SpoolRecord> fitting, long bytes) {
    SpoolSegment head = segments.getLast();
    try {
      head.append(SpoolFrames.encode(fitting));
    } catch (IOException e) {
      dropped.add(fitting.size());
      LOG.error("usage spool: writing {} events to {} failed; they are lost", fitting.size(), head, e);
      // never append after what a failed write may have left
      tryRoll();
      return;
    }
    diskBytes += bytes;
    pendingRecords += fitting.size();
    unsyncedRecords += fitting.size();
    unsyncedSegments.add(head);
    if (head.size() >= segmentBytes) {
      tryRoll();
    }
  }

  private void noteRoom(int rejected) {
    if (rejected > 0) {
      dropped.add(rejected);
      if (!full) {
        full = true;
        LOG.error("usage spool {} is full ({} of {} bytes): usage events are dropped until Kafka takes the backlog",
            dir, diskBytes, maxBytes);
      }
    } else if (full) {
      full = false;
      LOG.info("usage spool {} has room again ({} of {} bytes)", dir, diskBytes, maxBytes);
    }
  }

  private void tryRoll() {
    try {
      roll(segments.getLast().number() + 1);
    } catch (IOException e) {
      LOG.warn("usage spool: cannot start a new segment in {}; appending to {} for now", dir, segments.getLast(), e);
    }
  }

  private void roll(long number) throws IOException {
    segments.addLast(SpoolSegment.create(dir, number));
    directoryUnsynced = true;
  }

  /** Whether unsynced writes should be forced now, by the {@link FsyncPolicy}. */
  synchronized boolean syncDue() {
    boolean unsynced = unsyncedRecords > 0 || directoryUnsynced;
    return unsynced && (fsync.everyBatch() || System.nanoTime() - lastSyncNanos >= fsync.interval().toNanos());
  }

  /** Forces every write so far to the disk and counts its records as spooled. */
  void sync() {
    List<SpoolSegment> dirty;
    long records;
    boolean directory;
    synchronized (this) {
      dirty = new ArrayList<>(unsyncedSegments);
      records = unsyncedRecords;
      directory = directoryUnsynced;
      unsyncedSegments.clear();
      unsyncedRecords = 0;
      directoryUnsynced = false;
      lastSyncNanos = System.nanoTime();
    }
    try {
      for (SpoolSegment segment : dirty) {
        forceUnlessDeleted(segment);
      }
      if (directory) {
        forceDirectory();
      }
      spooled.add(records);
    } catch (IOException e) {
      LOG.error("usage spool: fsync in {} failed; will retry", dir, e);
      synchronized (this) {
        unsyncedSegments.addAll(dirty);
        unsyncedRecords += records;
        directoryUnsynced |= directory;
      }
    }
  }

  private static void forceUnlessDeleted(SpoolSegment segment) throws IOException {
    try {
      segment.force();
    } catch (ClosedChannelException e) {
      // acknowledged and deleted meanwhile: nothing left to keep
    }
  }

  private void forceDirectory() {
    // makes new segment files survive a host crash; some platforms cannot open a directory, they need no force
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      LOG.debug("usage spool: cannot force the directory {}", dir, e);
    }
  }

  /**
   * Up to {@code max} unacknowledged records, oldest first. Replayer thread only.
   *
   * @throws UncheckedIOException if a segment cannot be read
   */
  List<SpoolEntry> readUnacknowledged(int max) {
    List<SpoolSegment> snapshot;
    SpoolPosition from;
    synchronized (this) {
      snapshot = new ArrayList<>(segments);
      from = committed;
    }
    List<SpoolEntry> entries = new ArrayList<>(max);
    for (SpoolSegment segment : snapshot) {
      if (entries.size() >= max) {
        break;
      }
      if (segment.number() >= from.segment()) {
        long start = segment.number() == from.segment() ? from.offset() : 0;
        readSegment(segment, start, max, entries);
      }
    }
    return entries;
  }

  private void readSegment(SpoolSegment segment, long start, int max, List<SpoolEntry> entries) {
    try {
      SegmentReader reader = segment.reader(start);
      for (SpoolEntry entry = reader.next(); entry != null && entries.size() < max; entry = reader.next()) {
        if (!acknowledgedAhead.containsKey(entry.position())) {
          entries.add(entry);
        }
      }
      if (reader.damage() != null) {
        cutDamagedTail(segment, reader.position(), reader.damage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the usage spool segment " + segment, e);
    }
  }

  /** Damage found while running can only come from outside (a disk fault, another writer); keep it aside. */
  private void cutDamagedTail(SpoolSegment segment, long offset, String damage) throws IOException {
    Path aside = segment.path().resolveSibling(segment.path().getFileName() + ".damaged-" + offset);
    synchronized (this) {
      if (segment == segments.getLast()) {
        roll(segment.number() + 1);
      }
      long before = segment.size();
      segment.cutTail(offset, aside);
      diskBytes -= before - segment.size();
    }
    damagedFrames.increment();
    LOG.error("usage spool: {} has {} at offset {}; kept the bytes from there in {}",
        segment, damage, offset, aside.getFileName());
  }

  /**
   * Records that Kafka acknowledged {@code delivered}: moves the checkpoint over every acknowledged frame in a row
   * and deletes the segments left behind. Replayer thread only.
   */
  void acknowledge(List<SpoolEntry> delivered) {
    List<SpoolSegment> released;
    SpoolPosition resumeAt;
    synchronized (this) {
      for (SpoolEntry entry : delivered) {
        acknowledgedAhead.put(entry.position(), entry.frameBytes());
      }
      pendingRecords -= delivered.size();
      released = advanceCommitted();
      resumeAt = committed;
    }
    release(resumeAt, released);
  }

  /** Skips acknowledged frames and finished segments; returns the segments left behind. Holds the lock. */
  private List<SpoolSegment> advanceCommitted() {
    List<SpoolSegment> released = new ArrayList<>();
    while (true) {
      Integer frameBytes = acknowledgedAhead.remove(committed);
      if (frameBytes != null) {
        committed = new SpoolPosition(committed.segment(), committed.offset() + frameBytes);
      } else if (segments.size() > 1 && committed.offset() >= segments.getFirst().size()) {
        SpoolSegment finished = segments.removeFirst();
        diskBytes -= finished.size();
        released.add(finished);
        committed = new SpoolPosition(segments.getFirst().number(), 0);
      } else {
        return released;
      }
    }
  }

  private void release(SpoolPosition resumeAt, List<SpoolSegment> released) {
    try {
      checkpoint.write(resumeAt, fsync.everyBatch());
      for (SpoolSegment segment : released) {
        segment.delete();
      }
    } catch (IOException e) {
      // what stays behind is replayed again after a restart: duplicates, never a loss
      LOG.warn("usage spool: cannot record the replay checkpoint {} in {}", resumeAt, dir, e);
    }
  }

  /** Turns spooling on; true if it was off. */
  synchronized boolean startSpooling() {
    boolean started = !spooling;
    spooling = true;
    return started;
  }

  /**
   * Turns spooling off if every spooled record is acknowledged, and starts a fresh segment so the delivered ones can
   * be deleted. Replayer thread only.
   *
   * @return true if spooling was on and is now off
   */
  boolean stopSpoolingIfDrained() {
    List<SpoolSegment> released;
    SpoolPosition resumeAt;
    boolean stopped;
    synchronized (this) {
      released = advanceCommitted();
      stopped = spooling && segments.size() == 1 && committed.offset() >= segments.getFirst().size();
      if (stopped) {
        spooling = false;
        pendingRecords = 0;
        if (committed.offset() > 0) {
          tryRoll();
          released.addAll(advanceCommitted());
        }
      }
      resumeAt = committed;
    }
    if (stopped || !released.isEmpty()) {
      release(resumeAt, released);
    }
    return stopped;
  }

  synchronized boolean spooling() {
    return spooling;
  }

  synchronized boolean full() {
    return full;
  }

  synchronized long pendingRecords() {
    return pendingRecords;
  }

  synchronized long diskBytes() {
    return diskBytes;
  }

  /** Records forced to the disk since this spool was opened. */
  long spooled() {
    return spooled.sum();
  }

  /** Records lost to the size bound or a failing disk. */
  long dropped() {
    return dropped.sum();
  }

  /** Damaged frames cut off since this spool was opened, on recovery or later. */
  long damagedFrames() {
    return damagedFrames.sum();
  }

  Path dir() {
    return dir;
  }

  /** Forces what was written and closes the files; the spool cannot be used afterwards. */
  @Override
  public void close() {
    sync();
    synchronized (this) {
      for (SpoolSegment segment : segments) {
        try {
          segment.close();
        } catch (IOException e) {
          LOG.warn("usage spool: closing {} failed", segment, e);
        }
      }
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing the usage spool lock failed", e);
      }
    }
  }
}
