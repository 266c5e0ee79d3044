/**
 * What a request cost: one {@link dev.tollgate.schemas.usage.UsageEvent} per finished request (topic
 * {@code tollgate.usage}), its priced form {@link dev.tollgate.schemas.usage.PricedUsage} (the finance ledger,
 * {@code tollgate.usage.priced}) and the hourly and daily {@link dev.tollgate.schemas.usage.UsageRollup}s
 * ({@code tollgate.usage.rollups}).
 *
 * <p>Money is exact: whole nano-USD ({@code 1 USD = 1_000_000_000}) in {@code long} fields whose names end in
 * {@code NanoUsd}, added with {@link java.lang.Math#addExact(long, long)} so an overflow throws instead of
 * wrapping. The sum of the ledger equals the rollups to the last nano-dollar.
 *
 * <p>Every record checks itself in its constructor and throws an {@link java.lang.IllegalArgumentException} whose
 * message starts with the wire name of the bad field ({@code request_id is required}); lists are copied, and a
 * missing list becomes an empty one.
 */
package dev.tollgate.schemas.usage;
