package dev.tollgate.budget.webhook;

import dev.tollgate.budget.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How alerts are delivered to the budgets' webhooks, validated once.
 *
 * @param groupId the consumer group of {@code tollgate.budget.alerts}; {@value #DEFAULT_GROUP_ID} by default
 * @param requestTimeout the longest one POST may take, connection included; 5 s by default
 * @param maxAttempts how many times one alert is tried before it is given up; 6 by default
 * @param backoffBase the delay before the first retry; each next one doubles, up to {@code backoffMax}, and is
 *     jittered to between half and all of it; 500 ms by default
 * @param backoffMax the longest delay between two attempts; 30 s by default
 * @param cooldown the shortest time between the starts of two deliveries for one budget: a later alert of that
 *     budget waits, it is not dropped; 1 s by default
 */
public record WebhookSettings(
    String groupId, Duration requestTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax,
    Duration cooldown) {

  /** The default consumer group. */
  public static final String DEFAULT_GROUP_ID = "tollgate-budget-webhooks";

  /** Environment variable of {@link #requestTimeout}, for example {@code 5s}. */
  public static final String ENV_TIMEOUT = "TOLLGATE_BUDGET_WEBHOOK_TIMEOUT";
  /** Environment variable of {@link #maxAttempts}. */
  public static final String ENV_MAX_ATTEMPTS = "TOLLGATE_BUDGET_WEBHOOK_MAX_ATTEMPTS";
  /** Environment variable of {@link #backoffBase}. */
  public static final String ENV_BACKOFF_BASE = "TOLLGATE_BUDGET_WEBHOOK_BACKOFF";
  /** Environment variable of {@link #backoffMax}. */
  public static final String ENV_BACKOFF_MAX = "TOLLGATE_BUDGET_WEBHOOK_BACKOFF_MAX";
  /** Environment variable of {@link #cooldown}. */
  public static final String ENV_COOLDOWN = "TOLLGATE_BUDGET_WEBHOOK_COOLDOWN";
  /** Environment variable of {@link #groupId}. */
  public static final String ENV_GROUP_ID = "TOLLGATE_BUDGET_WEBHOOK_GROUP";

  public WebhookSettings {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("group_id is required");
    }
    Durations.requirePositive(requestTimeout, "request_timeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max_attempts must be >= 1, got " + maxAttempts);
    }
    Durations.requirePositive(backoffBase, "backoff_base");
    Durations.requirePositive(backoffMax, "backoff_max");
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoff_max must be >= backoff_base");
    }
    Objects.requireNonNull(cooldown, "cooldown is required");
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
    }
  }

  /** @return every default */
  public static WebhookSettings defaults() {
    return new WebhookSettings(DEFAULT_GROUP_ID, Duration.ofSeconds(5), 6, Duration.ofMillis(500),
        Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  /**
   * The defaults, overridden by the environment.
   *
   * @param env the environment, such as {@code System.getenv()}
   * @return the settings
   * @throws IllegalArgumentException naming the variable that is not valid
   */
  public static WebhookSettings fromEnvironment(Map<String, String> env) {
    WebhookSettings d = defaults();
    return new WebhookSettings(
        env.getOrDefault(ENV_GROUP_ID, d.groupId()),
        Durations.fromEnvironment(env, ENV_TIMEOUT, d.requestTimeout()),
        attempts(env.get(ENV_MAX_ATTEMPTS), d.maxAttempts()),
        Durations.fromEnvironment(env, ENV_BACKOFF_BASE, d.backoffBase()),
        Durations.fromEnvironment(env, ENV_BACKOFF_MAX, d.backoffMax()),
        Durations.fromEnvironment(env, ENV_COOLDOWN, d.cooldown()));
  }

  /** @return a copy with another consumer group */
  public WebhookSettings withGroupId(String id) {
    return new WebhookSettings(id, requestTimeout, maxAttempts, backoffBase, backoffMax, cooldown);
  }

  /** @return a copy with other retry delays */
  public WebhookSettings withBackoff(Duration base, Duration max) {
    return new WebhookSettings(groupId, requestTimeout, maxAttempts, base, max, cooldown);
  }

  /** @return a copy with another cooldown */
  public WebhookSettings withCooldown(Duration value) {
    return new WebhookSettings(groupId, requestTimeout, maxAttempts, backoffBase, backoffMax, value);
  }

  private static int attempts(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV_MAX_ATTEMPTS + ": not a whole number: '" + value + "'", e);
    }
  }
}
