package dev.tollgate.edge.usage;

/** A record read back from the spool, with where its frame starts and how long the frame is. */
record SpoolEntry(SpoolPosition position, int frameBytes, SpoolRecord record) {

  /** Where the next frame of the same segment starts. */
  SpoolPosition next() {
    return new SpoolPosition(position.segment(), position.offset() + frameBytes);
  }
}
