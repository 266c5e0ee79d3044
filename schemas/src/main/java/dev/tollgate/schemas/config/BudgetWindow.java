package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** The period a budget's spend is counted over: a calendar day, week or month, or the last {@code days} days. */
public record BudgetWindow(WindowKind kind, Integer days) {
  public BudgetWindow {
    Require.present(kind, "kind");
    if (kind == WindowKind.ROLLING && (days == null || days < 1)) {
      throw new IllegalArgumentException("days is required (>= 1) for a rolling window");
    }
    if (kind != WindowKind.ROLLING && days != null) {
      throw new IllegalArgumentException("days applies only to a rolling window");
    }
  }

  /** The kinds of window. */
  public enum WindowKind {
    DAILY,
    WEEKLY,
    MONTHLY,
    ROLLING
  }
}
