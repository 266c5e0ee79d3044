package dev.tollgate.budget;

import dev.tollgate.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the budget topology needs to know, validated once.
 *
 * @param applicationId the Kafka Streams {@code application.id}; {@value #DEFAULT_APPLICATION_ID} by default
 * @param usagePartitions the partitions of {@code tollgate.usage.priced}: budget changes are repartitioned by tenant
 *     into as many, so a tenant's budgets and its usage meet in one task. The runner reads it from the cluster
 * @param rolloverInterval how often, in wall-clock time, ended windows are rolled over: the bound on how late after
 *     its reset a blocked budget unblocks (plus the commit interval); {@link #DEFAULT_ROLLOVER_INTERVAL} by default
 * @param commitInterval how often the stream thread commits, each commit ending a transaction: the edges read a
 *     decision only once committed, so it is a share of the budget loop's latency; {@link #DEFAULT_COMMIT_INTERVAL}
 *     by default
 */
public record BudgetSettings(
    String applicationId, int usagePartitions, Duration rolloverInterval, Duration commitInterval) {

  /** The default Kafka Streams application id. */
  public static final String DEFAULT_APPLICATION_ID = "tollgate-budget";

  /** One second. */
  public static final Duration DEFAULT_ROLLOVER_INTERVAL = Duration.ofSeconds(1);

  /**
   * 50 ms, half the exactly-once default of Kafka Streams: the decision commit is one of the two waits of the budget
   * loop (see the README, The loop end to end, for what was measured and what it trades).
   */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  /** Environment variable of {@link #applicationId}. */
  public static final String ENV_APPLICATION_ID = "TOLLGATE_BUDGET_APPLICATION_ID";

  /** Environment variable of {@link #rolloverInterval}, for example {@code 1s} or {@code 250ms}. */
  public static final String ENV_ROLLOVER_INTERVAL = "TOLLGATE_BUDGET_ROLLOVER_INTERVAL";

  /** Environment variable of {@link #commitInterval}, a whole number of milliseconds. */
  public static final String ENV_COMMIT_INTERVAL_MS = "TOLLGATE_BUDGET_COMMIT_INTERVAL_MS";

  public BudgetSettings {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("application_id is required");
    }
    if (usagePartitions < 1) {
      throw new IllegalArgumentException("usage_partitions must be >= 1, got " + usagePartitions);
    }
    Durations.requirePositive(rolloverInterval, "rollover_interval");
    Durations.requirePositive(commitInterval, "commit_interval");
  }

  /**
   * The settings with every default, for the partitions of the topic catalog.
   *
   * @return {@value #DEFAULT_APPLICATION_ID}, the catalog's partitions of {@code tollgate.usage.priced}, 1 s, the
   *     default commit interval
   */
  public static BudgetSettings defaults() {
    return new BudgetSettings(DEFAULT_APPLICATION_ID, Topics.USAGE_PRICED.partitions(), DEFAULT_ROLLOVER_INTERVAL,
        DEFAULT_COMMIT_INTERVAL);
  }

  /**
   * The defaults, overridden by the environment.
   *
   * @param env the environment, such as {@code System.getenv()}
   * @return the settings
   * @throws IllegalArgumentException naming the variable that is not valid
   */
  public static BudgetSettings fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    BudgetSettings defaults = defaults();
    return new BudgetSettings(
        env.getOrDefault(ENV_APPLICATION_ID, defaults.applicationId()),
        defaults.usagePartitions(),
        Durations.fromEnvironment(env, ENV_ROLLOVER_INTERVAL, defaults.rolloverInterval()),
        millisFromEnvironment(env, ENV_COMMIT_INTERVAL_MS, defaults.commitInterval()));
  }

  private static Duration millisFromEnvironment(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis >= 1 && millis <= 60_000) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number of milliseconds (1-60000), got '" + value + "'");
  }

  /** @return a copy for {@code partitions} partitions of {@code tollgate.usage.priced} */
  public BudgetSettings withUsagePartitions(int partitions) {
    return new BudgetSettings(applicationId, partitions, rolloverInterval, commitInterval);
  }

  /** @return a copy with another application id */
  public BudgetSettings withApplicationId(String id) {
    return new BudgetSettings(id, usagePartitions, rolloverInterval, commitInterval);
  }
}
