package dev.tollgate.launcher.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for {@code tollgate up} that a test can kill with SIGKILL: starts a broker, writes the broker's pid to
 * a file once it is ready, then waits forever.
 *
 * <p>Arguments: data folder, Kafka port, controller port, pid file.
 */
final class OrphanedBrokerParent {

  private OrphanedBrokerParent() {}

  public static void main(String[] args) throws Exception {
    BrokerSettings settings = BrokerSettings.defaults()
        .withDataDir(Path.of(args[0]))
        .withPort(Integer.parseInt(args[1]));
    BrokerProcess broker = BrokerProcess.start(settings);
    broker.awaitReady(Duration.ofSeconds(60));
    Path pidFile = Path.of(args[2]);
    Path partial = pidFile.resolveSibling(pidFile.getFileName() + ".partial");
    Files.writeString(partial, Long.toString(broker.pid()));
    // a reader must never see a half-written pid
    Files.move(partial, pidFile, StandardCopyOption.ATOMIC_MOVE);
    new CountDownLatch(1).await();
  }
}
