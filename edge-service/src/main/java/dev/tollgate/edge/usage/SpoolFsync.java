package dev.tollgate.edge.usage;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the spool wrote since its last fsync, and when to force it by the {@link FsyncPolicy}. Records count as
 * spooled only once forced. The force runs outside any lock the appenders take, so an append never waits for a disk
 * flush.
 */
final class SpoolFsync {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolFsync.class);

  private final Path dir;
  private final FsyncPolicy policy;
  private final LongAdder spooled = new LongAdder();

  // guarded by this
  private final Set<SpoolSegment> segments = new LinkedHashSet<>();
  private long records;
  private boolean directory;
  private long lastSyncNanos = System.nanoTime();

  SpoolFsync(Path dir, FsyncPolicy policy) {
    this.dir = dir;
    this.policy = policy;
  }

  synchronized void wrote(SpoolSegment segment, int recordCount) {
    segments.add(segment);
    records += recordCount;
  }

  /** A segment file was created: the directory entry needs a force too, or a host crash can lose the file. */
  synchronized void created() {
    directory = true;
  }

  synchronized boolean due() {
    boolean unsynced = records > 0 || directory;
    return unsynced && (policy.everyBatch() || System.nanoTime() - lastSyncNanos >= policy.interval().toNanos());
  }

  /** Forces every write noted so far and counts its records as spooled; on failure keeps them for the next try. */
  void sync() {
    List<SpoolSegment> dirty;
    long forcedRecords;
    boolean forceDirectory;
    synchronized (this) {
      dirty = new ArrayList<>(segments);
      forcedRecords = records;
      forceDirectory = directory;
      segments.clear();
      records = 0;
      directory = false;
      lastSyncNanos = System.nanoTime();
    }
    try {
      for (SpoolSegment segment : dirty) {
        forceUnlessDeleted(segment);
      }
      if (forceDirectory) {
        forceDirectory();
      }
      spooled.add(forcedRecords);
    } catch (IOException e) {
      LOG.error("usage spool: fsync in {} failed; will retry", dir, e);
      synchronized (this) {
        segments.addAll(dirty);
        records += forcedRecords;
        directory |= forceDirectory;
      }
    }
  }

  long spooled() {
    return spooled.sum();
  }

  private static void forceUnlessDeleted(SpoolSegment segment) throws IOException {
    try {
      segment.force();
    } catch (ClosedChannelException e) {
      // acknowledged and deleted meanwhile: nothing left to keep
    }
  }

  private void forceDirectory() {
    // some platforms cannot open a directory as a file; they need no such force
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("usage spool: cannot force the directory {}", dir, e);
    }
  }
}
