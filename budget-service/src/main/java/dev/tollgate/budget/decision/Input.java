package dev.tollgate.budget.decision;

import dev.tollgate.budget.config.BudgetChange;
import dev.tollgate.schemas.usage.PricedUsage;

/** What reaches the {@link BudgetKeeper} of a tenant: a ledger line, or a change to one of its budgets. */
public sealed interface Input {

  /** @param line one line of {@code tollgate.usage.priced} */
  record Usage(PricedUsage line) implements Input {}

  /** @param change a budget of the tenant, as an applied configuration revision left it */
  record Change(BudgetChange change) implements Input {}
}
