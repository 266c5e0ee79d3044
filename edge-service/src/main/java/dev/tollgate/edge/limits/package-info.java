/**
 * Rate limits at the edge: requests per minute, tokens per minute and concurrent requests for each virtual key and
 * each tenant, the edge's own bound on requests in flight, and OpenAI's {@code x-ratelimit-*} headers.
 *
 * <p>The request path calls {@link dev.tollgate.edge.limits.LimitGate#admit} once per request and gets a
 * {@link dev.tollgate.edge.limits.Permit} or a {@link dev.tollgate.edge.limits.Refusal}. Everything is in memory
 * and per edge instance: with N edges, a key can use up to N times its limit. That is the price of the hot path
 * rule (no shared store on the request path); the budget service is the cross-edge control.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Per-minute limits are token buckets with continuous refill whose burst is the per-minute figure (see
 *       {@code TokenBucket} for why not a sliding window).
 *   <li>Tokens are reserved from the caller's estimate at admission and corrected to the real usage by
 *       {@link dev.tollgate.edge.limits.Permit#settle}; usage beyond the bucket leaves it in debt, so the next
 *       requests wait. A request estimated above the whole limit is admitted once the bucket is full rather than
 *       refused forever.
 *   <li>A refusal charges nothing anywhere and names the limit that frees up last, with that wait as
 *       {@code retry-after-ms}. A concurrency refusal has no such instant and says one second.
 *   <li>Limits travel with each call, so a configuration change applies at the next request and keeps the usage
 *       measured so far; a figure that was unlimited starts with a full bucket.
 *   <li>Scope state is forgotten once idle, which loses nothing; past the table's capacity the least recently
 *       used scopes with nothing in flight are forgotten too.
 * </ul>
 */
package dev.tollgate.edge.limits;
