package dev.tollgate.schemas.usage;

/** Where a usage event's token counts come from. */
public enum UsageSource {
  /** Reported by the provider in its response or final stream chunk. */
  PROVIDER,
  /**
   * Counted by the edge's tokenizer because the provider reported nothing, for example when a stream was cut or the
   * client disconnected before the final usage chunk.
   */
  ESTIMATED
}
