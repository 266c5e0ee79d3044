package dev.tollgate.edge.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The exceptions Vert.x and Netty raise for an upstream that cannot be reached, and the kind each one tells. */
class UpstreamFailureKindTest {
  @Test
  void shouldTellEachKindFromTheExceptionVertxOrNettyRaises() {
    assertEquals(UpstreamFailureKind.CONNECT_REFUSED,
        UpstreamFailureKind.of(new ConnectException("Connection refused: /127.0.0.1:1")));
    assertEquals(UpstreamFailureKind.CONNECT_TIMEOUT,
        UpstreamFailureKind.of(new ConnectTimeoutException("connection timed out after 1000 ms: /10.0.0.1:443")));
    assertEquals(UpstreamFailureKind.RESPONSE_TIMEOUT, UpstreamFailureKind.of(new NoStackTraceTimeoutException(
        "The timeout period of 1000ms has been exceeded while executing POST /v1/chat/completions for server x")));
    assertEquals(UpstreamFailureKind.POOL_TIMEOUT, UpstreamFailureKind.of(new NoStackTraceTimeoutException(
        "The timeout of 1000 ms has been exceeded when getting a connection to api.example.com:443")));
    assertEquals(UpstreamFailureKind.POOL_FULL,
        UpstreamFailureKind.of(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size")));
    assertEquals(UpstreamFailureKind.DNS, UpstreamFailureKind.of(new UnknownHostException("no.such.host")));
    assertEquals(UpstreamFailureKind.TLS, UpstreamFailureKind.of(new SSLHandshakeException("bad certificate")));
    assertEquals(UpstreamFailureKind.RESET, UpstreamFailureKind.of(new HttpClosedException("Connection was closed")));
    assertEquals(UpstreamFailureKind.RESET, UpstreamFailureKind.of(new SocketException("Connection reset")));
    assertEquals(UpstreamFailureKind.RESET, UpstreamFailureKind.of(new IOException("Connection reset by peer")));
    assertEquals(UpstreamFailureKind.OTHER, UpstreamFailureKind.of(new IllegalStateException("surprise")));
  }

  @Test
  void shouldLookThroughWrappersAndNameTheExceptionThatTold() {
    SSLHandshakeException tls = new SSLHandshakeException("PKIX path building failed");
    UpstreamFailureKind.Classified classified = UpstreamFailureKind.cause(new DecoderException(tls));

    assertEquals(UpstreamFailureKind.TLS, classified.kind());
    assertSame(tls, classified.exception());
    assertEquals(UpstreamFailureKind.DNS,
        UpstreamFailureKind.of(new VertxException(new UnknownHostException("api.example.invalid"))));
  }

  @Test
  void shouldStopOnACauseChainThatNeverEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertEquals(UpstreamFailureKind.OTHER, UpstreamFailureKind.of(b));
  }
}
