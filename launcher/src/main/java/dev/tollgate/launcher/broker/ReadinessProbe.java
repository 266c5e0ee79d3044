package dev.tollgate.launcher.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Polls a starting broker until it describes a cluster with at least one node, or until it dies. */
final class ReadinessProbe {

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration PAUSE = Duration.ofMillis(200);

  private ReadinessProbe() {}

  /** Whether the broker became ready in time; false if the deadline passed or the process exited. */
  static boolean awaitNodes(String bootstrapServers, Process process, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      while (process.isAlive() && System.nanoTime() - end < 0) {
        if (hasNodes(admin)) {
          return true;
        }
        // waits on the process, not a clock: a broker that dies ends the wait at once
        process.waitFor(PAUSE.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    return false;
  }

  private static boolean hasNodes(Admin admin) throws InterruptedException {
    try {
      return !admin.describeCluster().nodes().get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      // not listening yet, or still electing itself controller
      return false;
    }
  }
}
