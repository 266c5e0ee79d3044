/**
 * Budgets at run time: the latest {@link dev.tollgate.schemas.budget.BudgetDecision} per budget scope (compacted
 * topic {@code tollgate.budget.decisions}, read by every edge) and the
 * {@link dev.tollgate.schemas.budget.BudgetAlert}s raised when spend crosses a threshold
 * ({@code tollgate.budget.alerts}). The budgets themselves are configuration:
 * {@link dev.tollgate.schemas.config.BudgetConfig}.
 *
 * <p>Amounts are whole nano-USD in {@code long} fields ending in {@code NanoUsd}.
 */
package dev.tollgate.schemas.budget;
