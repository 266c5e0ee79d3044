package dev.tollgate.testkit;

import java.nio.file.Path;
import java.util.Properties;

/** The settings of a one-node KRaft broker (combined broker and controller) that tests can lean on. */
final class SingleNodeBrokerConfig {

  private SingleNodeBrokerConfig() {}

  static Properties of(BrokerPorts ports, Path logDir) {
    String host = BrokerPorts.HOST;
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.bootstrap.servers", host + ":" + ports.controller());
    p.setProperty("listeners", "PLAINTEXT://" + host + ":" + ports.broker() + ",CONTROLLER://" + host + ":"
        + ports.controller());
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + ports.broker());
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    p.setProperty("num.partitions", "1");
    // One node: every internal topic must accept replication factor 1, or EOS and groups never start.
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    // Tests join groups one consumer at a time; the default 3 s wait for more members is pure delay.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("group.streams.initial.rebalance.delay.ms", "0");
    // The cleaner allocates this buffer up front; the 128 MB default is most of a test JVM's heap.
    p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return p;
  }
}
