package dev.tollgate.launcher.service;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.metering.MeteringService;
import dev.tollgate.metering.MeteringSettings;
import dev.tollgate.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;

/** Metering: the Kafka Streams app that prices usage into the ledger and the rollups. */
public final class MeteringRunner implements RunningService {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final MeteringService metering;
  private final Path stateDir;

  private MeteringRunner(MeteringService metering, Path stateDir) {
    this.metering = metering;
    this.stateDir = stateDir;
  }

  /** Starts metering on the cluster at {@code bootstrapServers}; its state lives in {@code <data dir>/metering}. */
  public static MeteringRunner start(String bootstrapServers, Args args) {
    // the stores outlive restarts, so a restart does not rebuild them from their changelogs
    Path stateDir = Path.of(args.get(Option.DATA_DIR, "data"), "metering");
    MeteringService metering = MeteringService.start(bootstrapServers, MeteringSettings.defaults(), stateDir);
    try {
      metering.awaitRunning(START_TIMEOUT);
    } catch (RuntimeException e) {
      metering.close();
      throw e;
    }
    return new MeteringRunner(metering, stateDir);
  }

  @Override
  public String describe() {
    return "metering pricing " + Topics.USAGE.name() + " into " + Topics.USAGE_PRICED.name()
        + " (state in " + stateDir + ")";
  }

  @Override
  public void close() {
    metering.close();
  }
}
