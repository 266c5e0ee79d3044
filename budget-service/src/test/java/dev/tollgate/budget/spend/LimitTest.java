package dev.tollgate.budget.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitTest {

  @Test
  void shouldConvertTheAmountToNanoUsdRoundingDown() {
    assertEquals(1_234_567_890L, limit("1.2345678909", BudgetMode.HARD).nanoUsd());
    assertEquals(Long.MAX_VALUE, limit("100000000000", BudgetMode.HARD).nanoUsd(), "capped, not overflowed");
  }

  @Test
  void shouldReachAThresholdExactlyAtItsShare() {
    Limit limit = new Limit(3, List.of(50), BudgetMode.HARD);

    assertFalse(limit.reached(50, 1), "1/3 is under 50%");
    assertTrue(limit.reached(50, 2));
    assertTrue(new Limit(Long.MAX_VALUE, List.of(99), BudgetMode.HARD).reached(99, Long.MAX_VALUE / 100 * 99 + 100),
        "no overflow near the top of a long");
  }

  @Test
  void shouldAllowWarnAndBlockByModeAndThresholds() {
    Limit hard = new Limit(100, List.of(80, 50), BudgetMode.HARD);
    Limit soft = new Limit(100, List.of(), BudgetMode.SOFT);

    assertEquals(Verdict.ALLOW, hard.verdict(49));
    assertEquals(Verdict.WARN, hard.verdict(50));
    assertEquals(Verdict.BLOCK, hard.verdict(100));
    assertEquals(Verdict.ALLOW, soft.verdict(99));
    assertEquals(Verdict.WARN, soft.verdict(1_000));
    assertEquals(Set.of(50, 80), hard.reachedBy(90));
  }

  @Test
  void shouldBlockEverythingUnderAZeroHardBudgetWithoutAlerting() {
    Limit zero = new Limit(0, List.of(50), BudgetMode.HARD);

    assertEquals(Verdict.BLOCK, zero.verdict(0));
    assertEquals(Set.of(), zero.reachedBy(0));
  }

  private static Limit limit(String amountUsd, BudgetMode mode) {
    return Limit.of(new BudgetConfig(BudgetConfig.CURRENT_SCHEMA_VERSION, "b", new BudgetScope("acme", null, null),
        new BigDecimal(amountUsd), new BudgetWindow(BudgetWindow.WindowKind.DAILY, null), List.of(), mode, null,
        null));
  }
}
