package dev.tollgate.bench.upstream;

import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's upstream: simulators in a JVM of their own, so that their CPU never counts as the edge's.
 *
 * <p>Arguments are {@code name:ttftMs:tokensPerSecond:responseTokens[@count]}; each starts {@code count} simulators
 * (default 1) on free loopback ports. Once all listen it prints one line, {@code UPSTREAM name=port,port ...
 * admin=port}; {@code GET /active} on the admin port answers how many requests the simulators are serving now. It
 * exits when its stdin closes, which is how it dies with the benchmark that started it.
 */
public final class UpstreamMain {
  private UpstreamMain() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    List<SimulatorServer> all = new ArrayList<>();
    StringBuilder line = new StringBuilder("UPSTREAM");
    for (String arg : args) {
      UpstreamGroup group = UpstreamGroup.parse(arg);
      List<String> ports = new ArrayList<>();
      for (int i = 0; i < group.count(); i++) {
        SimulatorServer server = await(SimulatorServer.start(vertx, group.spec(), 0));
        all.add(server);
        ports.add(Integer.toString(server.port()));
      }
      line.append(' ').append(group.name()).append('=').append(String.join(",", ports));
    }
    HttpServer admin = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> request.response()
            .end(Integer.toString(all.stream().mapToInt(SimulatorServer::activeRequests).sum())))
        .listen());
    line.append(" admin=").append(admin.actualPort());
    System.out.println(line);
    System.out.flush();
    waitForStdinToClose();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void waitForStdinToClose() {
    try {
      while (System.in.read() >= 0) {
        // nothing is ever written: end of stream means the parent is gone
      }
    } catch (IOException e) {
      // a broken pipe means the same
    }
  }

  /** One kind of simulator and how many of it to run. */
  record UpstreamGroup(String name, SimulatorSpec spec, int count) {
    static UpstreamGroup parse(String arg) {
      String[] countSplit = arg.split("@", 2);
      String[] parts = countSplit[0].split(":");
      if (parts.length != 4) {
        throw new IllegalArgumentException("expected name:ttftMs:tokensPerSecond:responseTokens[@count], got " + arg);
      }
      SimulatorSpec spec = new SimulatorSpec(Long.parseLong(parts[1]), Long.parseLong(parts[2]),
          Integer.parseInt(parts[3]), SimulatorFailure.NONE);
      return new UpstreamGroup(parts[0], spec, countSplit.length == 2 ? Integer.parseInt(countSplit[1]) : 1);
    }
  }
}
