package dev.tollgate.launcher.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early, with a message a user can act on, when a port the broker needs is already in use. */
final class PortCheck {

  private PortCheck() {}

  static void requireFree(BrokerSettings settings) {
    requireFree(settings.host(), settings.port(), "Kafka port");
    requireFree(settings.host(), settings.controllerPort(), "Kafka controller port");
  }

  private static void requireFree(String host, int port, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new IllegalStateException(what + " " + port + " on " + host + " is taken (another Kafka, or a"
          + " broker left over from an earlier run?); choose other ports with --kafka-port", e);
    }
  }
}
