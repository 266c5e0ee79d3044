package dev.tollgate.edge.budget;

import static dev.tollgate.edge.budget.BudgetFixtures.budget;
import static dev.tollgate.edge.budget.BudgetFixtures.decision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionTableTest {
  private static final Instant T0 = Instant.parse("2026-11-15T12:00:00Z");
  private static final BudgetConfig TENANT =
      budget("acme-monthly", new BudgetScope("acme", null, null), 1_000, BudgetMode.HARD);

  private final DecisionTable table = new DecisionTable();

  @Test
  void shouldKeepTheLaterDecisionOfAWindowWhateverTheOrderTheyArrive() {
    BudgetDecision later = decision(TENANT, 600, Verdict.WARN, T0.plusSeconds(5));

    assertTrue(table.put(later));
    assertFalse(table.put(decision(TENANT, 100, Verdict.ALLOW, T0)));
    assertEquals(later, table.decision(TENANT.id()).orElseThrow());
  }

  @Test
  void shouldForgetABudgetOnATombstone() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));

    table.remove(TENANT.id());

    assertTrue(table.decision(TENANT.id()).isEmpty());
  }

  @Test
  void shouldReportDecisionAgesAndSilence() {
    table.put(decision(TENANT, 0, Verdict.ALLOW, T0));

    assertEquals(Double.NaN, table.silenceSeconds(T0));
    table.heard(T0);

    assertEquals(Map.of(TENANT.id(), 2.5), table.decisionAgesSeconds(T0.plusMillis(2_500)));
    assertEquals(1.0, table.silenceSeconds(T0.plusSeconds(1)));
  }
}
