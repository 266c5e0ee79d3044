package dev.tollgate.bench.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.LoadResult;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.VirtualKey;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {
  private static final Map<String, List<Integer>> UPSTREAMS =
      Map.of(Stack.INSTANT, List.of(9001), Stack.STREAM, List.of(9002), Stack.SLOW, List.of(9003, 9004));

  @Test
  void isValidWithoutALoopBudgetAndKeepsTheBenchTenantUnderAHardBudget() {
    ConfigSnapshot config = load(null);

    BudgetConfig bench = config.budget(BenchConfig.BENCH_BUDGET).orElseThrow();
    assertEquals("bench", bench.scope().tenant());
    assertEquals(BudgetMode.HARD, bench.mode());
    assertEquals(1, config.budgets().size());
    assertTrue(config.model(BenchConfig.LOOP_MODEL).isPresent());
  }

  @Test
  void loopRequestCostsExactlyTheBudgetOfOneRound() {
    ConfigSnapshot config = load(new BenchConfig.LoopBudget("loop-0-1", BenchConfig.LOOP_REQUEST_NANO_USD));

    BudgetConfig budget = config.budget("loop-0-1").orElseThrow();
    assertEquals(BenchConfig.LOOP_TENANT, budget.scope().tenant());
    assertEquals(0, new BigDecimal("0.0000096").compareTo(budget.amountUsd()));
    Price price = config.model(BenchConfig.LOOP_MODEL).orElseThrow().deployments().get(0).prices().get(0);
    assertEquals(0, price.inputPerMtokUsd().signum());
    // 16 completion tokens at the output rate, in nano-USD: what metering charges and the edge reserves
    assertEquals(BenchConfig.LOOP_REQUEST_NANO_USD, price.outputPerMtokUsd()
        .multiply(BigDecimal.valueOf(BenchConfig.LOOP_COMPLETION_TOKENS)).scaleByPowerOfTen(3).longValueExact());
  }

  private static ConfigSnapshot load(BenchConfig.LoopBudget budget) {
    String yaml = BenchConfig.yaml(UPSTREAMS, "bench", VirtualKey.generate("bench").hash(),
        VirtualKey.generate(BenchConfig.LOOP_KEY).hash(), budget);
    LoadResult loaded = ConfigLoader.parse("bench-config.yaml", yaml);
    assertTrue(loaded.isValid(), loaded::report);
    return loaded.snapshot();
  }
}
