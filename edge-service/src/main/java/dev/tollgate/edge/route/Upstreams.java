package dev.tollgate.edge.route;

import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each provider is reached. Most providers are where their spec says; a simulator provider is a
 * {@link SimulatorServer} this edge runs on loopback, started on first use and restarted when its spec changes.
 */
public final class Upstreams {
  private final Vertx vertx;
  private final Map<String, Simulated> simulators = new ConcurrentHashMap<>();

  public Upstreams(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The spec to translate requests for {@code provider} with: its own, or its running simulator's. */
  public Future<ProviderSpec> spec(ProviderConfig provider) {
    if (!(provider.spec() instanceof SimulatorSpec spec)) {
      return Future.succeededFuture(provider.spec());
    }
    Simulated simulated = simulators.compute(provider.id(), (id, running) -> {
      if (running != null && running.spec().equals(spec)) {
        return running;
      }
      if (running != null) {
        running.server().onSuccess(SimulatorServer::close);
      }
      return new Simulated(spec, SimulatorServer.start(vertx, spec, 0));
    });
    return simulated.server().map(SimulatorServer::upstreamSpec);
  }

  /** The simulator serving {@code providerId}, once started: its counters show what reached the upstream. */
  public Optional<SimulatorServer> simulator(String providerId) {
    Simulated simulated = simulators.get(providerId);
    return simulated == null || !simulated.server().succeeded()
        ? Optional.empty()
        : Optional.of(simulated.server().result());
  }

  /** Stops every simulator. */
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    simulators.values().forEach(s -> closing.add(s.server().compose(SimulatorServer::close)));
    simulators.clear();
    return Future.join(closing).mapEmpty();
  }

  private record Simulated(SimulatorSpec spec, Future<SimulatorServer> server) {}
}
