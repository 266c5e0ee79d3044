package dev.tollgate.launcher;

import dev.tollgate.launcher.service.BudgetRunner;
import dev.tollgate.launcher.service.EdgeService;
import dev.tollgate.launcher.service.MeteringRunner;
import dev.tollgate.launcher.service.RoutingRunner;
import dev.tollgate.launcher.service.RunningService;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The services this build can run, each alone ({@code ./tollgate run <name>}) or together ({@code up}). A service
 * is listed here only once it exists, so {@code up} never pretends to start one.
 */
public enum ServiceCatalog {
  EDGE {
    @Override
    public RunningService start(String bootstrapServers, Args args) throws Exception {
      return EdgeService.start(bootstrapServers, args);
    }
  },
  METERING {
    @Override
    public RunningService start(String bootstrapServers, Args args) {
      return MeteringRunner.start(bootstrapServers, args);
    }
  },
  ROUTING {
    @Override
    public RunningService start(String bootstrapServers, Args args) {
      return RoutingRunner.start(bootstrapServers, args);
    }
  },
  BUDGET {
    @Override
    public RunningService start(String bootstrapServers, Args args) {
      return BudgetRunner.start(bootstrapServers, args);
    }
  };

  /** Starts this service against the cluster at {@code bootstrapServers}; returns once it is serving. */
  public abstract RunningService start(String bootstrapServers, Args args) throws Exception;

  /** The name used on the command line and in docker-compose.yml. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The service called {@code name}, if this build has it. */
  public static Optional<ServiceCatalog> byName(String name) {
    return Arrays.stream(values()).filter(s -> s.cliName().equals(name)).findFirst();
  }

  /** Every service name this build can run. */
  public static List<String> names() {
    return Arrays.stream(values()).map(ServiceCatalog::cliName).toList();
  }
}
