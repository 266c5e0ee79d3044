package dev.tollgate.edge.usage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local, append-only store of usage events that could not go to Kafka: segment files of checksummed frames
 * ({@link SpoolFrames}), replayed oldest first.
 *
 * <p>Appends come from any thread and hold the lock only for a buffered write; {@link #sync()} forces the disk
 * outside it. Reading and acknowledging belong to the one replayer thread, which reads below each segment's completed
 * size without the lock. An acknowledgement moves the replay checkpoint forward and deletes the segments left
 * behind; the checkpoint is written before any deletion, so a crash in between only leaves files the next start
 * deletes.
 *
 * <p>The spool also holds the emitter's routing switch, {@link #spooling()}: it is on whenever anything is pending,
 * and it can only be turned off under the lock appends take, at a moment when nothing is.
 */
final class UsageSpool implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);
  private static final long MIN_SEGMENT_BYTES = 4 * 1024;
  private static final long MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final boolean forceCheckpoints;
  private final SpoolLock lock;
  private final SpoolCheckpoint checkpoint;
  private final SpoolFsync fsync;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder damagedFrames = new LongAdder();

  // guarded by this
  private final ArrayDeque<SpoolSegment> segments;
  /** Where the first unacknowledged frame starts; always in the first segment. */
  private SpoolPosition committed;
  private long pendingRecords;
  private long diskBytes;
  /** Written under the lock; read without it on every direct send. */
  private volatile boolean spooling;
  private boolean full;

  /** Frames acknowledged out of order, after {@code committed}, with their sizes; replayer thread only. */
  private final Map<SpoolPosition, Integer> acknowledgedAhead = new HashMap<>();

  private UsageSpool(
      Path dir,
      FsyncPolicy policy,
      long maxBytes,
      long segmentBytes,
      SpoolLock lock,
      SpoolRecovery.Recovered recovered)
      throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.forceCheckpoints = policy.everyBatch();
    this.lock = lock;
    this.checkpoint = new SpoolCheckpoint(dir);
    this.fsync = new SpoolFsync(dir, policy);
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

  /** Opens the spool in {@code dir}, with segments of a sixteenth of the bound (4 KiB to 16 MiB). */
  static UsageSpool open(Path dir, FsyncPolicy policy, long maxBytes) {
    return open(dir, policy, maxBytes, Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16)));
  }

  /**
   * Opens the spool in {@code dir}, creating the directory if needed, and recovers what an earlier run left.
   *
   * @throws IllegalStateException if another emitter holds the directory
   * @throws UncheckedIOException if the directory cannot be used
   */
  static UsageSpool open(Path dir, FsyncPolicy policy, long maxBytes, long segmentBytes) {
    try {
      Files.createDirectories(dir);
      SpoolLock lock = SpoolLock.acquire(dir);
      try {
        return openLocked(dir, policy, maxBytes, segmentBytes, lock);
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage spool in " + dir, e);
    }
  }

  private static UsageSpool openLocked(Path dir, FsyncPolicy policy, long maxBytes, long segmentBytes, SpoolLock lock)
      throws IOException {
    SpoolRecovery.Recovered recovered = SpoolRecovery.recover(dir, new SpoolCheckpoint(dir).read());
    UsageSpool spool;
    try {
      spool = new UsageSpool(dir, policy, maxBytes, segmentBytes, lock, recovered);
    } catch (IOException | RuntimeException e) {
      for (SpoolSegment segment : recovered.segments()) {
        segment.close();
      }
      throw e;
    }
    if (recovered.pendingRecords() > 0) {
      LOG.info("usage spool {}: {} events ({} bytes) left by an earlier run, to be replayed first",
          dir, recovered.pendingRecords(), spool.diskBytes());
    }
    return spool;
  }

  /** Appends {@code records} if events currently go to the spool; false, and nothing written, if not. */
  synchronized boolean appendIfSpooling(List<SpoolRecord> records) {
    if (spooling) {
      write(records);
    }
    return spooling;
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

  private void writeToHead(List<SpoolRecord> records, long bytes) {
    SpoolSegment head = segments.getLast();
    try {
      head.append(SpoolFrames.encode(records));
    } catch (IOException e) {
      dropped.add(records.size());
      LOG.error("usage spool: writing {} events to {} failed; they are lost", records.size(), head, e);
      // never append after whatever a failed write left behind
      tryRoll();
      return;
    }
    diskBytes += bytes;
    pendingRecords += records.size();
    fsync.wrote(head, records.size());
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
    fsync.created();
  }

  /** Whether writes wait for their fsync, by the {@link FsyncPolicy}. */
  boolean syncDue() {
    return fsync.due();
  }

  /** Forces every write so far to the disk and counts its records as spooled. */
  void sync() {
    fsync.sync();
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
      long start = segment.number() == from.segment() ? from.offset() : 0;
      readSegment(segment, start, max, entries);
    }
    return entries;
  }

  private void readSegment(SpoolSegment segment, long start, int max, List<SpoolEntry> entries) {
    try {
      SegmentReader reader = segment.reader(start);
      for (SpoolEntry entry = reader.next(); entry != null; entry = reader.next()) {
        if (!acknowledgedAhead.containsKey(entry.position())) {
          entries.add(entry);
          if (entries.size() >= max) {
            return;
          }
        }
      }
      if (reader.damage() != null) {
        cutDamagedTail(segment, reader.position(), reader.damage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the usage spool segment " + segment, e);
    }
  }

  /**
   * Damage found while running can only come from outside, a disk fault or another writer: the bytes are kept aside,
   * and the pending count stays approximate until the spool drains.
   */
  private void cutDamagedTail(SpoolSegment segment, long offset, String damage) throws IOException {
    Path aside = segment.path().resolveSibling(segment.path().getFileName() + ".damaged-" + offset);
    synchronized (this) {
      if (segment == segments.getLast()) {
        roll(segment.number() + 1);
      }
      long sizeBefore = segment.size();
      segment.cutTail(offset, aside);
      diskBytes -= sizeBefore - segment.size();
    }
    damagedFrames.increment();
    LOG.error("usage spool: {} has {} at offset {}; kept the bytes from there in {}",
        segment, damage, offset, aside.getFileName());
  }

  /**
   * Notes that Kafka acknowledged {@code delivered}: moves the checkpoint over every acknowledged frame in a row and
   * deletes the segments left behind. Replayer thread only.
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

  /**
   * Turns spooling off if every spooled record is acknowledged, starting a fresh segment so that the delivered ones
   * can be deleted. Replayer thread only.
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

  /** Steps over acknowledged frames and finished segments; returns the segments left behind. Holds the lock. */
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
      checkpoint.write(resumeAt, forceCheckpoints);
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

  boolean spooling() {
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
    return fsync.spooled();
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
    fsync.sync();
    synchronized (this) {
      for (SpoolSegment segment : segments) {
        try {
          segment.close();
        } catch (IOException e) {
          LOG.warn("usage spool: closing {} failed", segment, e);
        }
      }
    }
    lock.close();
  }
}
