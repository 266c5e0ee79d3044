package dev.tollgate.launcher.service;

import dev.tollgate.budget.BudgetService;
import dev.tollgate.budget.BudgetSettings;
import dev.tollgate.budget.webhook.WebhookSettings;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Budget: the Kafka Streams app that holds priced usage against the budgets, and its webhook notifier. Its settings
 * come from the {@code TOLLGATE_BUDGET_*} environment variables (see the budget-service README).
 */
public final class BudgetRunner implements RunningService {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final BudgetService budget;
  private final Path stateDir;

  private BudgetRunner(BudgetService budget, Path stateDir) {
    this.budget = budget;
    this.stateDir = stateDir;
  }

  /** Starts budget on the cluster at {@code bootstrapServers}; its state lives in {@code <data dir>/budget}. */
  public static BudgetRunner start(String bootstrapServers, Args args) {
    Path stateDir = Path.of(args.get(Option.DATA_DIR, "data"), "budget");
    BudgetService budget = BudgetService.start(bootstrapServers, BudgetSettings.fromEnvironment(System.getenv()),
        WebhookSettings.fromEnvironment(System.getenv()), stateDir);
    try {
      budget.awaitRunning(START_TIMEOUT);
    } catch (RuntimeException e) {
      budget.close();
      throw e;
    }
    return new BudgetRunner(budget, stateDir);
  }

  @Override
  public String describe() {
    return "budget holding " + Topics.USAGE_PRICED.name() + " against the budgets into "
        + Topics.BUDGET_DECISIONS.name() + " (state in " + stateDir + ")";
  }

  @Override
  public void close() {
    budget.close();
  }
}
