package dev.tollgate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FixedPortTest {

  @Test
  void shouldRefuseATakenBrokerPortWithAClearMessage() throws Exception {
    // Given
    try (ServerSocket squatter = bindAnyLoopbackPort()) {
      int port = squatter.getLocalPort();

      // When
      IllegalStateException error = assertThrows(IllegalStateException.class, () -> BrokerPorts.fixed(port));

      // Then
      assertEquals("port " + port + " on 127.0.0.1 is taken — a stale broker? set TOLLGATE_TEST_KAFKA_PORT"
          + " to another port", error.getMessage());
    }
  }

  @Test
  void shouldRefuseATakenControllerPortWithAClearMessage() throws Exception {
    // Given
    try (ServerSocket squatter = bindAnyLoopbackPort()) {
      int controllerPort = squatter.getLocalPort();

      // When
      IllegalStateException error =
          assertThrows(IllegalStateException.class, () -> BrokerPorts.fixed(controllerPort - 1));

      // Then
      assertEquals("port " + controllerPort + " on 127.0.0.1 is taken — a stale broker?"
          + " set TOLLGATE_TEST_KAFKA_PORT to another port", error.getMessage());
    }
  }

  @Test
  void shouldUseTheNextPortForTheControllerWhenBothAreFree() throws Exception {
    // Given
    int port;
    try (ServerSocket probe = bindAnyLoopbackPort()) {
      port = probe.getLocalPort();
    }

    // When
    BrokerPorts ports = BrokerPorts.fixed(port);

    // Then
    assertEquals(new BrokerPorts(port, port + 1), ports);
  }

  private static ServerSocket bindAnyLoopbackPort() throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    return socket;
  }
}
