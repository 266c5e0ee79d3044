package dev.tollgate.budget.config;

import dev.tollgate.schemas.config.BudgetConfig;

/**
 * A budget record read since the last revision marker: a store cannot hold a null, so a tombstone is a
 * {@code Pending} with no budget.
 *
 * @param budget the budget written, or null for a tombstone
 */
public record Pending(BudgetConfig budget) {}
