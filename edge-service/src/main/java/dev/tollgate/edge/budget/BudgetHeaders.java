package dev.tollgate.edge.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * The {@code x-budget-*} headers of a response, for the tightest budget that applies to it (the one with the least
 * left): {@code x-budget-limit} and {@code x-budget-remaining} in USD as plain decimal strings ({@code 12.5},
 * {@code 0.000375}), {@code x-budget-reset} as the ISO-8601 instant the window ends ({@code 2026-12-01T00:00:00Z}).
 * Budget windows run for days or months, so an absolute instant reads better than OpenAI's Go-style durations.
 *
 * @param limitNanoUsd the budget's limit
 * @param remainingNanoUsd what is left after this edge's admissions, this request's included; never negative
 * @param resetsAt when the window ends; null when unknown (no decision for the current window yet)
 */
public record BudgetHeaders(long limitNanoUsd, long remainingNanoUsd, Instant resetsAt) {
  /** No budget applies: no header. */
  public static final BudgetHeaders NONE = new BudgetHeaders(-1, -1, null);

  public static final String LIMIT = "x-budget-limit";
  public static final String REMAINING = "x-budget-remaining";
  public static final String RESET = "x-budget-reset";

  /** Calls {@code header} with each header's name and value; with nothing for {@link #NONE}. */
  public void forEach(BiConsumer<String, String> header) {
    if (this == NONE) {
      return;
    }
    header.accept(LIMIT, usd(limitNanoUsd));
    header.accept(REMAINING, usd(remainingNanoUsd));
    if (resetsAt != null) {
      header.accept(RESET, resetsAt.toString());
    }
  }

  /** Nano-USD as a USD decimal string without trailing zeros. */
  static String usd(long nanoUsd) {
    return BigDecimal.valueOf(nanoUsd, 9).stripTrailingZeros().toPlainString();
  }
}
