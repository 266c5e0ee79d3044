package dev.tollgate.edge.budget;

import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetScope;
import java.time.Duration;

/** The budget gate's answer to one request. Every answer carries the headers of the tightest budget. */
public sealed interface BudgetAdmission {
  /** The {@code x-budget-*} headers for the response. */
  BudgetHeaders headers();

  /**
   * Admitted: {@code charge} holds the reservation until the request settles.
   *
   * @param stale whether the decisions were stale (admitted under the fail-open policy)
   */
  record Admitted(Charge charge, BudgetHeaders headers, boolean stale) implements BudgetAdmission {}

  /**
   * Refused by a hard budget: its decision says block, or what it has left does not cover this request's
   * reservation. Answered 429 {@code insufficient_quota}, not to be retried.
   *
   * @param standing the refusing budget's standing
   * @param availableNanoUsd what it had left for this edge, before this request
   * @param reservationNanoUsd what this request could cost at most
   */
  record Exhausted(Standing standing, long availableNanoUsd, long reservationNanoUsd, BudgetHeaders headers)
      implements BudgetAdmission {
    /** Whose budget, how much, and when it resets; never a secret. */
    public String message() {
      String whose = "Budget '" + standing.budget().id() + "' of " + whose(standing.budget().scope());
      String resets = standing.resetsAt() == null
          ? "; its window has ended and the next decision has not arrived yet."
          : "; it resets at " + standing.resetsAt() + ".";
      if (standing.verdict() == Verdict.BLOCK || availableNanoUsd <= 0) {
        return whose + " is exhausted (limit " + BudgetHeaders.usd(standing.limitNanoUsd()) + " USD)" + resets;
      }
      return whose + " has " + BudgetHeaders.usd(availableNanoUsd) + " USD left of "
          + BudgetHeaders.usd(standing.limitNanoUsd()) + " USD, less than this request may cost (up to "
          + BudgetHeaders.usd(reservationNanoUsd) + " USD; a lower max_tokens costs less)" + resets;
    }

    private static String whose(BudgetScope scope) {
      StringBuilder out = new StringBuilder("tenant '").append(scope.tenant()).append('\'');
      if (scope.key() != null) {
        out.append(", key '").append(scope.key()).append('\'');
      }
      if (scope.model() != null) {
        out.append(", model '").append(scope.model()).append('\'');
      }
      return out.toString();
    }
  }

  /**
   * Refused because the decisions are stale and the policy is to fail closed: answered 503, which SDKs retry.
   *
   * @param silence how long the edge has not heard from the broker; null if it never has
   */
  record Unverifiable(Duration silence, BudgetHeaders headers) implements BudgetAdmission {
    public String message() {
      return "Budgets cannot be checked right now: this gateway has "
          + (silence == null ? "not yet heard" : "not heard for " + silence.toSeconds() + " s")
          + " from the budget service's decisions. Retry later.";
    }
  }
}
