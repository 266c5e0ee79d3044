package dev.tollgate.schemas.config;

/** Whether a budget blocks requests at its limit or only alerts. */
public enum BudgetMode {
  HARD,
  SOFT
}
