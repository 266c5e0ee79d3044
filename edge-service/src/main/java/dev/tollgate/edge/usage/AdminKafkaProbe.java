package dev.tollgate.edge.usage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks whether Kafka takes usage events now; the replayer calls it, with back-off, while events are spooled.
 *
 * <p>Probes with a cluster description (a cheap round trip that fails fast while the cluster is away, unlike a send,
 * which waits out the delivery timeout), then loads the topic's metadata into the producer, so the sender thread's
 * first send after an outage does not block on it.
 */
final class AdminKafkaProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdminKafkaProbe.class);
  private static final int TIMEOUT_MS = 3_000;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Admin admin;
  private final Producer<byte[], byte[]> producer;
  private final String topic;

  private AdminKafkaProbe(Admin admin, Producer<byte[], byte[]> producer, String topic) {
    this.admin = admin;
    this.producer = producer;
    this.topic = topic;
  }

  static AdminKafkaProbe create(String bootstrapServers, Producer<byte[], byte[]> producer, String topic) {
    Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "tollgate-edge-usage-probe-" + INSTANCES.incrementAndGet(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
    return new AdminKafkaProbe(admin, producer, topic);
  }

  /** True if the cluster answers and the usage topic has partitions; never throws. */
  boolean reachable() {
    try {
      boolean answers = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
          .nodes().get(TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS).isEmpty();
      return answers && !producer.partitionsFor(topic).isEmpty();
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.debug("Kafka probe failed: {}", e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
