package dev.tollgate.edge.usage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock file {@code .lock} of a spool directory: two emitters appending to the same segments would interleave
 * frames, so the second one is refused. The operating system releases the lock when the process dies.
 */
final class SpoolLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolLock.class);

  private final FileChannel channel;

  private SpoolLock(FileChannel channel) {
    this.channel = channel;
  }

  /** @throws IllegalStateException if another emitter, in this process or another, holds the directory */
  static SpoolLock acquire(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("the usage spool " + dir + " is in use by another emitter");
    }
    return new SpoolLock(channel);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("releasing the usage spool lock failed", e);
    }
  }
}
