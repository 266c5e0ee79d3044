/**
 * Budgets at run time: the latest {@link dev.tollgate.schemas.budget.BudgetDecision} per budget scope (compacted
 * topic {@code tollgate.budget.decisions}, read by every edge) and the
 * {@link dev.tollgate.schemas.budget.BudgetAlert}s raised when spend crosses a threshold
 * ({@code tollgate.budget.alerts}). The budgets themselves are configuration:
 * {@link dev.tollgate.schemas.config.BudgetConfig}.
 *
 * <p>Amounts are whole nano-USD in {@code long} fields ending in {@code NanoUsd}.
 *
 * <p>Every record checks itself in its constructor and throws an {@link java.lang.IllegalArgumentException} whose
 * message starts with the wire name of the bad field ({@code request_id is required}); lists are copied, and a
 * missing list becomes an empty one.
 */
package dev.tollgate.schemas.budget;
