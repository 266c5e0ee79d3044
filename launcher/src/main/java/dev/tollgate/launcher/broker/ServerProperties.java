package dev.tollgate.launcher.broker;

import java.nio.file.Path;

/** The {@code server.properties} of the single-node development broker, written afresh on every start. */
final class ServerProperties {

  private ServerProperties() {}

  static String render(BrokerSettings settings, Path logDir) {
    String host = settings.host();
    String broker = host + ":" + settings.port();
    String controller = host + ":" + settings.controllerPort();
    return String.join("\n",
        "# Written by 'tollgate up' on every start; edits are overwritten.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=" + controller,
        "listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
        "advertised.listeners=PLAINTEXT://" + broker,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        // forward slashes: a properties file would read Windows backslashes as escapes
        "log.dirs=" + logDir.toAbsolutePath().toString().replace('\\', '/'),
        "num.partitions=1",
        "# one node: every internal topic must accept replication factor 1, or EOS and groups never start",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "# services start one instance at a time; waiting 3 s for more group members is pure delay",
        "group.initial.rebalance.delay.ms=0",
        "group.streams.initial.rebalance.delay.ms=0",
        "# the cleaner allocates this up front; the 128 MB default is a third of the broker's heap",
        "log.cleaner.dedupe.buffer.size=16777216",
        "");
  }
}
