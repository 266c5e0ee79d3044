package dev.tollgate.edge.usage;

import java.time.Duration;
import java.util.Objects;

/**
 * When the usage spool forces its writes to the disk ({@code fsync}).
 *
 * <p>A spooled event is in the operating system's page cache as soon as it is written, so it survives a crash of the
 * edge process either way. The policy decides what survives a crash of the host (power loss, kernel panic): with
 * {@link #EVERY_BATCH} nothing that was counted as spooled is lost; with {@link #atMostEvery(Duration)} up to one
 * interval of spooled events may be.
 *
 * @param interval how long spooled writes may wait for their fsync; zero means every batch is forced before it is
 *     counted as spooled
 */
public record FsyncPolicy(Duration interval) {

  /** Force every spooled batch to the disk before counting it as spooled: the default. */
  public static final FsyncPolicy EVERY_BATCH = new FsyncPolicy(Duration.ZERO);

  public FsyncPolicy {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("the fsync interval must not be negative, got " + interval);
    }
  }

  /**
   * Group the fsyncs of a busy spool: writes wait at most {@code interval} for theirs.
   *
   * @param interval the longest wait; zero is the same as {@link #EVERY_BATCH}
   * @return the policy
   */
  public static FsyncPolicy atMostEvery(Duration interval) {
    return new FsyncPolicy(interval);
  }

  /**
   * Whether every batch is forced before it counts as spooled.
   *
   * @return {@code true} for {@link #EVERY_BATCH}
   */
  public boolean everyBatch() {
    return interval.isZero();
  }
}
