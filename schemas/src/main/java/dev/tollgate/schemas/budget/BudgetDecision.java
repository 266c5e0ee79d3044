package dev.tollgate.schemas.budget;

import dev.tollgate.schemas.Require;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import java.time.Instant;

/**
 * The budget service's latest verdict for one budget: the value of the compacted topic
 * {@code tollgate.budget.decisions} under {@link #topicKey()}. An edge admits a request on the latest decision for
 * each of the key's scopes plus what it has admitted itself since {@code decidedAt}, so it never waits on the
 * budget service.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param budgetId the id of the {@link dev.tollgate.schemas.config.BudgetConfig}
 * @param scope whose spend the budget holds
 * @param verdict allow, warn or block
 * @param mode whether the budget blocks at its limit (hard) or only warns (soft)
 * @param spentNanoUsd spend in the current window
 * @param limitNanoUsd the budget's amount
 * @param remainingNanoUsd what is left before the limit, never negative: {@code max(0, limit - spent)}
 * @param windowStart the first instant of the current window
 * @param resetsAt when the current window ends and spend starts again from zero ({@code x-budget-reset})
 * @param decidedAt when the budget service took this decision
 */
public record BudgetDecision(
    int schemaVersion,
    String budgetId,
    BudgetScope scope,
    Verdict verdict,
    BudgetMode mode,
    long spentNanoUsd,
    long limitNanoUsd,
    long remainingNanoUsd,
    Instant windowStart,
    Instant resetsAt,
    Instant decidedAt) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public BudgetDecision {
    Require.schemaVersion(schemaVersion);
    Require.text(budgetId, "budget_id");
    Require.present(scope, "scope");
    Require.present(verdict, "verdict");
    Require.present(mode, "mode");
    Require.nonNegative(spentNanoUsd, "spent_nano_usd");
    Require.nonNegative(limitNanoUsd, "limit_nano_usd");
    if (remainingNanoUsd != remaining(spentNanoUsd, limitNanoUsd)) {
      throw new IllegalArgumentException(
          "remaining_nano_usd must be max(0, limit_nano_usd - spent_nano_usd) = "
              + remaining(spentNanoUsd, limitNanoUsd)
              + ", got "
              + remainingNanoUsd);
    }
    Require.present(windowStart, "window_start");
    Require.present(resetsAt, "resets_at");
    Require.after(resetsAt, "resets_at", windowStart, "window_start");
    Require.present(decidedAt, "decided_at");
  }

  /**
   * What is left of {@code limitNanoUsd} after {@code spentNanoUsd}.
   *
   * @param spentNanoUsd spend so far, not negative
   * @param limitNanoUsd the limit, not negative
   * @return {@code max(0, limit - spent)}
   */
  public static long remaining(long spentNanoUsd, long limitNanoUsd) {
    // both are non-negative, so the difference cannot overflow
    return Math.max(0, limitNanoUsd - spentNanoUsd);
  }

  /**
   * The record key on {@code tollgate.budget.decisions}: the budget's id. Keyed by budget, not by scope, because two
   * budgets may hold the same scope (a daily and a monthly one), and compaction must keep the latest of each.
   *
   * @return {@code budgetId}
   */
  public String topicKey() {
    return budgetId;
  }
}
