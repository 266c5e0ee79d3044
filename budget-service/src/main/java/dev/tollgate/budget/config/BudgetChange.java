package dev.tollgate.budget.config;

import dev.tollgate.schemas.config.BudgetConfig;
import java.util.Objects;

/**
 * A budget that an applied configuration revision added, changed or removed, keyed by its tenant on the way to the
 * task that holds the tenant's spend.
 *
 * @param budgetId the budget's id
 * @param budget the budget as of the revision; null when it was removed from this tenant
 * @param moved when {@code budget} is null: whether the budget moved to another tenant (its decision stays, the
 *     new tenant's task publishes it) rather than being deleted (its decision is tombstoned)
 */
public record BudgetChange(String budgetId, BudgetConfig budget, boolean moved) {

  public BudgetChange {
    Objects.requireNonNull(budgetId, "budget_id");
  }

  /** @return whether the budget left this tenant */
  public boolean removed() {
    return budget == null;
  }
}
