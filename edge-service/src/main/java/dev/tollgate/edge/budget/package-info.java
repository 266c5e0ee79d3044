/**
 * The budget gate at the edge: the budget service's decisions, read from {@code tollgate.budget.decisions} into
 * memory by a {@link dev.tollgate.edge.budget.DecisionBoard}, and the {@link dev.tollgate.edge.budget.BudgetGate}
 * that admits a request only if every budget that applies still covers the most it can cost, counting what this
 * edge admitted since the decision. See the edge's README, section Budgets, for the rule and its bound.
 */
package dev.tollgate.edge.budget;
