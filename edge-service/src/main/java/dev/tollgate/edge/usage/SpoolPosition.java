package dev.tollgate.edge.usage;

/**
 * Where a frame starts in the spool: the segment's number and the byte offset in it. Positions order like the
 * frames were written, since segment numbers only grow.
 */
record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {

  @Override
  public int compareTo(SpoolPosition other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }

  @Override
  public String toString() {
    return segment + "@" + offset;
  }
}
