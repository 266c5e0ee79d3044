package dev.tollgate.budget.decision;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;

/** What the {@link BudgetKeeper} publishes, each under its own topic key. */
public sealed interface Emission {

  /** @param decision the latest decision of a budget, for {@code tollgate.budget.decisions} */
  record Decision(BudgetDecision decision) implements Emission {}

  /** @param budgetId a deleted budget, whose decision is tombstoned on {@code tollgate.budget.decisions} */
  record Retraction(String budgetId) implements Emission {}

  /** @param alert a threshold crossing, for {@code tollgate.budget.alerts} */
  record Alert(BudgetAlert alert) implements Emission {}

  /** @return the value for {@code tollgate.budget.decisions}: the decision, or null (a tombstone) */
  default BudgetDecision decisionOrTombstone() {
    return this instanceof Decision d ? d.decision() : null;
  }
}
