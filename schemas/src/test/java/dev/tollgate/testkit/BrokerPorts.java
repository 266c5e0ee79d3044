package dev.tollgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The two loopback ports of a single-node KRaft broker: the client listener and the controller listener. */
record BrokerPorts(int broker, int controller) {

  static final String HOST = "127.0.0.1";

  /** Two ports that were free a moment ago, picked by the OS on 127.0.0.1. */
  static BrokerPorts random() {
    try (ServerSocket first = bindLoopback(0); ServerSocket second = bindLoopback(0)) {
      return new BrokerPorts(first.getLocalPort(), second.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("could not find free ports on " + HOST, e);
    }
  }

  /**
   * The fixed broker port {@code port} and the controller port {@code port + 1}, both checked free now, so that a
   * stale broker from an earlier run fails here with a clear message instead of deep inside Kafka's start-up.
   */
  static BrokerPorts fixed(int port) {
    if (port < 1 || port > 65534) {
      throw new IllegalArgumentException("TOLLGATE_TEST_KAFKA_PORT must be between 1 and 65534, was " + port);
    }
    requireFree(port);
    requireFree(port + 1);
    return new BrokerPorts(port, port + 1);
  }

  private static void requireFree(int port) {
    try {
      bindLoopback(port).close();
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " on " + HOST
          + " is taken — a stale broker? set TOLLGATE_TEST_KAFKA_PORT to another port", e);
    }
  }

  private static ServerSocket bindLoopback(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
