package dev.tollgate.metering;

import java.util.Arrays;
import java.util.List;

/**
 * Every setting of the metering service, as an environment variable (what containers use), with its default. The
 * launcher reads the same variables, and its own options ({@code --bootstrap}, {@code --data-dir}) win over them.
 * Durations are ISO-8601 ({@code PT6H}, {@code P7D}).
 */
public enum MeteringOption {
  BOOTSTRAP("TOLLGATE_BOOTSTRAP", "localhost:9092", "Kafka bootstrap servers, host:port[,host:port]"),
  APPLICATION_ID("TOLLGATE_METERING_APPLICATION_ID", MeteringSettings.DEFAULT_APPLICATION_ID,
      "Kafka Streams application.id; every instance of one metering service shares it"),
  STATE_DIR("TOLLGATE_METERING_STATE_DIR", "data/metering",
      "local state (RocksDB stores); one per instance, kept across restarts (launcher: <data dir>/metering)"),
  DEDUP_WINDOW("TOLLGATE_METERING_DEDUP_WINDOW", MeteringSettings.DEFAULT_DEDUP_WINDOW.toString(),
      "how long a request_id is remembered, in stream time"),
  ROLLUP_GRACE("TOLLGATE_METERING_ROLLUP_GRACE", MeteringSettings.DEFAULT_ROLLUP_GRACE.toString(),
      "how late (after its window ends, in stream time) an event still joins its rollup"),
  HOURLY_RETENTION("TOLLGATE_METERING_HOURLY_RETENTION", MeteringSettings.DEFAULT_HOURLY_RETENTION.toString(),
      "how long hourly windows stay queryable"),
  DAILY_RETENTION("TOLLGATE_METERING_DAILY_RETENTION", MeteringSettings.DEFAULT_DAILY_RETENTION.toString(),
      "how long daily windows stay queryable"),
  COMMIT_INTERVAL_MS("TOLLGATE_METERING_COMMIT_INTERVAL_MS", "100",
      "how often, in milliseconds, the stream threads commit (a transaction each): shorter is a faster budget loop,"
          + " longer a higher throughput"),
  API_HOST("TOLLGATE_METERING_API_HOST", "127.0.0.1", "address the usage API listens on"),
  API_PORT("TOLLGATE_METERING_API_PORT", "8081", "port the usage API listens on (0: any free port)"),
  API_ADVERTISED_HOST("TOLLGATE_METERING_API_ADVERTISED_HOST", null,
      "how other instances reach this one (application.server host); default: the API host"),
  ADMIN_TOKEN_ENV("TOLLGATE_METERING_ADMIN_TOKEN_ENV", "TOLLGATE_ADMIN_TOKEN",
      "name of the variable that holds the admin token, or sha256:<hex> of it; unset: no usage API");

  private final String env;
  private final String fallback;
  private final String help;

  MeteringOption(String env, String fallback, String help) {
    this.env = env;
    this.fallback = fallback;
    this.help = help;
  }

  /** @return the environment variable */
  public String env() {
    return env;
  }

  /** @return the default value, null when it is derived from another setting */
  public String fallback() {
    return fallback;
  }

  /** @return one line of help */
  public String help() {
    return help;
  }

  /** @return every option, in declaration order */
  public static List<MeteringOption> all() {
    return Arrays.asList(values());
  }
}
