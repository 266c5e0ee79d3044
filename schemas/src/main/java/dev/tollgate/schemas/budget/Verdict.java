package dev.tollgate.schemas.budget;

/** What an edge does with the next request in a budget's scope. */
public enum Verdict {
  /** Spend is under every threshold. */
  ALLOW,
  /** Spend has crossed a threshold, or a soft budget's limit; requests still pass. */
  WARN,
  /** A hard budget's limit is reached; the edge answers 429 {@code insufficient_quota} until the window resets. */
  BLOCK
}
