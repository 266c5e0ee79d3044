package dev.tollgate.launcher.broker;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The main class of the broker's child JVM: Kafka's own {@code kafka.Kafka} plus a watchdog on stdin.
 *
 * <p>The parent holds the write end of our stdin and never writes. When the parent dies, even by {@code kill -9},
 * the kernel closes that end, the read below sees end-of-file, and the broker shuts down cleanly instead of
 * lingering as an orphan that keeps the ports.
 */
final class BrokerMain {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

  private BrokerMain() {}

  /** {@code args[0]} is the path of {@code server.properties}. */
  public static void main(String[] args) {
    Thread watchdog = new Thread(BrokerMain::exitWhenParentIsGone, "tollgate-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    // Ctrl-C reaches the whole process group; the launcher stops the broker itself, after the services that
    // use it, so the broker ignores SIGINT (Kafka's own signal logger chains to this handler).
    Signal.handle(new Signal("INT"), signal -> { });
    kafka.Kafka.main(args);
  }

  private static void exitWhenParentIsGone() {
    byte[] ignored = new byte[64];
    try (InputStream parent = System.in) {
      while (parent.read(ignored) != -1) {
        // the parent never writes; anything read is discarded
      }
    } catch (IOException e) {
      LOG.warn("lost the pipe to the parent process", e);
    }
    // also seen on a normal stop: Process.destroy() closes the pipe right after sending SIGTERM
    LOG.info("stdin closed: the launcher stopped or died; stopping the broker");
    System.exit(0);
  }
}
