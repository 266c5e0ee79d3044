package dev.tollgate.launcher.service;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.metering.MeteringConfig;
import dev.tollgate.metering.MeteringOption;
import dev.tollgate.metering.MeteringService;
import dev.tollgate.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Metering: the Kafka Streams app that prices usage into the ledger and the rollups, and the usage API when an admin
 * token is configured. Its settings come from the {@code TOLLGATE_METERING_*} variables ({@link MeteringOption});
 * the cluster is the launcher's, and the state lives in {@code <data dir>/metering} unless set otherwise.
 */
public final class MeteringRunner implements RunningService {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final MeteringService metering;
  private final MeteringConfig config;

  private MeteringRunner(MeteringService metering, MeteringConfig config) {
    this.metering = metering;
    this.config = config;
  }

  /** Starts metering on the cluster at {@code bootstrapServers}, as the environment configures it. */
  public static MeteringRunner start(String bootstrapServers, Args args) {
    MeteringConfig config;
    try {
      config = MeteringConfig.fromEnvironment(args::env).withBootstrapServers(bootstrapServers);
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    if (args.env(MeteringOption.STATE_DIR.env()).isEmpty()) {
      // the stores outlive restarts, so a restart does not rebuild them from their changelogs
      config = config.withStateDir(Path.of(args.get(Option.DATA_DIR, "data"), "metering"));
    }
    MeteringService metering = MeteringService.start(config);
    try {
      metering.awaitRunning(START_TIMEOUT);
    } catch (RuntimeException e) {
      metering.close();
      throw e;
    }
    return new MeteringRunner(metering, config);
  }

  // not url(): up takes the last service URL as the edge's
  @Override
  public String describe() {
    String api = config.api()
        .map(settings -> "; usage API on http://" + settings.host() + ":" + metering.apiPort().getAsInt()
            + "/v1/usage")
        .orElse("; no usage API: no admin token configured");
    return "metering pricing " + Topics.USAGE.name() + " into " + Topics.USAGE_PRICED.name()
        + " (state in " + config.stateDir() + api + ")";
  }

  @Override
  public void close() {
    metering.close();
  }
}
