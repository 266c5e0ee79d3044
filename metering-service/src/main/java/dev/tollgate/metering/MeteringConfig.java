package dev.tollgate.metering;

import dev.tollgate.metering.query.AdminCredential;
import dev.tollgate.metering.query.UsageApiSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything one metering instance runs with: the cluster, its state directory, the topology's settings and the
 * usage API's, validated once.
 *
 * @param bootstrapServers the cluster, {@code host:port[,host:port]}
 * @param stateDir the local state directory of this instance
 * @param settings the topology's settings
 * @param api the usage API's settings; empty when no admin credential is configured, and then there is no API
 * @param commitInterval how often the stream threads commit, each commit ending a transaction: a ledger line is
 *     readable by the budget service only once committed; {@link #DEFAULT_COMMIT_INTERVAL} by default
 */
public record MeteringConfig(String bootstrapServers, Path stateDir, MeteringSettings settings,
    Optional<UsageApiSettings> api, Duration commitInterval) {

  /** The default commit interval (see the README's Tuning section for what it trades). */
  public static final Duration DEFAULT_COMMIT_INTERVAL =
      Duration.ofMillis(Long.parseLong(MeteringOption.COMMIT_INTERVAL_MS.fallback()));

  public MeteringConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("the bootstrap servers are required");
    }
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(commitInterval, "commitInterval");
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("the commit interval must be positive, got " + commitInterval);
    }
  }

  /** A configuration with the {@link #DEFAULT_COMMIT_INTERVAL}. */
  public MeteringConfig(
      String bootstrapServers, Path stateDir, MeteringSettings settings, Optional<UsageApiSettings> api) {
    this(bootstrapServers, stateDir, settings, api, DEFAULT_COMMIT_INTERVAL);
  }

  /**
   * Reads every {@link MeteringOption} from the environment, with its default where it is unset.
   *
   * @param env an environment variable by name; empty when unset or blank
   * @return the configuration
   * @throws IllegalArgumentException naming the variable whose value is wrong (never showing a secret)
   */
  public static MeteringConfig fromEnvironment(Function<String, Optional<String>> env) {
    MeteringSettings settings = new MeteringSettings(
        text(env, MeteringOption.APPLICATION_ID),
        duration(env, MeteringOption.DEDUP_WINDOW),
        duration(env, MeteringOption.ROLLUP_GRACE),
        duration(env, MeteringOption.HOURLY_RETENTION),
        duration(env, MeteringOption.DAILY_RETENTION));
    return new MeteringConfig(
        text(env, MeteringOption.BOOTSTRAP),
        Path.of(text(env, MeteringOption.STATE_DIR)),
        settings,
        apiSettings(env),
        Duration.ofMillis(millis(env, MeteringOption.COMMIT_INTERVAL_MS)));
  }

  /** @return a copy on another cluster */
  public MeteringConfig withBootstrapServers(String servers) {
    return new MeteringConfig(servers, stateDir, settings, api, commitInterval);
  }

  /** @return a copy with another state directory */
  public MeteringConfig withStateDir(Path dir) {
    return new MeteringConfig(bootstrapServers, dir, settings, api, commitInterval);
  }

  private static Optional<UsageApiSettings> apiSettings(Function<String, Optional<String>> env) {
    String tokenVariable = text(env, MeteringOption.ADMIN_TOKEN_ENV);
    Optional<String> token = env.apply(tokenVariable);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    AdminCredential credential;
    try {
      credential = AdminCredential.of(token.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(tokenVariable + ": " + e.getMessage());
    }
    String host = text(env, MeteringOption.API_HOST);
    String advertised = env.apply(MeteringOption.API_ADVERTISED_HOST.env()).orElse(host);
    return Optional.of(new UsageApiSettings(host, port(env, MeteringOption.API_PORT), advertised, credential));
  }

  private static String text(Function<String, Optional<String>> env, MeteringOption option) {
    return env.apply(option.env()).map(String::trim).orElse(option.fallback());
  }

  private static Duration duration(Function<String, Optional<String>> env, MeteringOption option) {
    String value = text(env, option);
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option.env() + " must be an ISO-8601 duration such as PT6H or P7D, got '" + value + "'");
    }
  }

  private static long millis(Function<String, Optional<String>> env, MeteringOption option) {
    String value = text(env, option);
    try {
      long millis = Long.parseLong(value);
      if (millis >= 1 && millis <= 60_000) {
        return millis;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        option.env() + " must be a whole number of milliseconds (1-60000), got '" + value + "'");
  }

  private static int port(Function<String, Optional<String>> env, MeteringOption option) {
    String value = text(env, option);
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option.env() + " must be a port number (0-65535), got '" + value + "'");
  }
}
