package dev.tollgate.schemas.usage;

/** How a request ended. */
public enum Outcome {
  /** The upstream answered and the whole answer reached the client. */
  OK,
  /** The client disconnected first; the upstream request was cancelled and the tokens so far are still billed. */
  CLIENT_CANCELLED,
  /** Every attempted deployment failed, or a stream broke after its first byte. */
  UPSTREAM_ERROR,
  /** The edge refused the request before any upstream call: limits, budget, model not allowed, bad input. */
  REJECTED
}
