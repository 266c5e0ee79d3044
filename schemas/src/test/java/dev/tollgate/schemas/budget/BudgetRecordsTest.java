package dev.tollgate.schemas.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetRecordsTest {

  private static final Instant MONTH = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NEXT_MONTH = Instant.parse("2026-04-01T00:00:00Z");

  @Test
  void shouldLeaveNothingRemainingOnceTheLimitIsPassed() {
    long overspent = BudgetDecision.remaining(120, 100);
    long underspent = BudgetDecision.remaining(30, 100);

    assertEquals(0, overspent);
    assertEquals(70, underspent);
  }

  @Test
  void shouldRejectARemainingAmountThatDisagreesWithSpentAndLimit() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> decision(30, 100, 50, MONTH, NEXT_MONTH));

    assertEquals(
        "remaining_nano_usd must be max(0, limit_nano_usd - spent_nano_usd) = 70, got 50", e.getMessage());
  }

  @Test
  void shouldRejectAWindowThatResetsBeforeItStarts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> decision(30, 100, 70, NEXT_MONTH, MONTH));

    assertEquals("resets_at must be after window_start", e.getMessage());
  }

  @Test
  void shouldKeyDecisionsByBudgetAndAlertsByScope() {
    BudgetDecision decision = RecordSamples.budgetDecision();
    BudgetAlert alert = RecordSamples.budgetAlert();

    String decisionKey = decision.topicKey();
    String alertKey = alert.topicKey();

    assertEquals("acme-k1-monthly", decisionKey);
    assertEquals("tenant:acme/key:k1/model:gpt-4o", alertKey);
  }

  @Test
  void shouldIdentifyAnAlertByBudgetWindowAndThreshold() {
    String id = BudgetAlert.alertId("acme-monthly", MONTH, 80);

    assertEquals("acme-monthly/2026-03-01T00:00:00Z/80", id);
  }

  @Test
  void shouldRejectAThresholdOutsideOneToAHundredPercent() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BudgetAlert(1, "a", "b", new BudgetScope("acme", null, null), 0, 0, 0, MONTH, NEXT_MONTH, MONTH));

    assertEquals("threshold_percent must be between 1 and 100, got 0", e.getMessage());
  }

  private static BudgetDecision decision(long spent, long limit, long remaining, Instant start, Instant reset) {
    return new BudgetDecision(1, "acme-monthly", new BudgetScope("acme", null, null), Verdict.ALLOW,
        BudgetMode.HARD, spent, limit, remaining, start, reset, start);
  }
}
