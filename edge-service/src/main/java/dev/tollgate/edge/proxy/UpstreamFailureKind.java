package dev.tollgate.edge.proxy;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Why an upstream attempt failed, told from the exception Vert.x or Netty raised: the {@code kind} label of
 * {@code tollgate_edge_upstream_failures_total} and of the edge's upstream failure log line.
 */
enum UpstreamFailureKind {
  /** The provider's host refused the connection (or was unreachable: no route, port closed). */
  CONNECT_REFUSED("connect_refused"),
  /** The TCP connection did not open within the client's connect timeout. */
  CONNECT_TIMEOUT("connect_timeout"),
  /** Connected, but the provider stayed silent longer than the idle timeout. */
  RESPONSE_TIMEOUT("response_timeout"),
  /** The connection was closed or reset under the request. */
  RESET("reset"),
  /** The TLS handshake or a TLS record failed. */
  TLS("tls"),
  /** The provider's host name did not resolve. */
  DNS("dns"),
  /** The request waited for a pooled connection longer than the connect timeout: the pool ran dry. */
  POOL_TIMEOUT("pool_timeout"),
  /** The pool's wait queue was full: the request was refused a connection without waiting. */
  POOL_FULL("pool_full"),
  /** The provider answered with a retryable error status (5xx, 429) and the edge failed over. */
  ERROR_STATUS("error_status"),
  /** Anything the edge does not recognise. */
  OTHER("other");

  /** Causes followed at most: a cycle or a deep wrapper chain must not loop. */
  private static final int MAX_CAUSES = 8;
  /** Netty's, matched by name so the edge needs no compile-time dependency on Netty's transport. */
  private static final String NETTY_CONNECT_TIMEOUT = "io.netty.channel.ConnectTimeoutException";
  /** Part of the message Vert.x gives the timeout of a wait for a pooled connection. */
  private static final String POOL_WAIT_MESSAGE = "getting a connection";

  private final String label;

  UpstreamFailureKind(String label) {
    this.label = label;
  }

  /** The metric label and the log's {@code kind=} value. */
  String label() {
    return label;
  }

  /** The kind of {@code failure}, looking through wrappers (e.g. Netty's DecoderException around an SSLException). */
  static UpstreamFailureKind of(Throwable failure) {
    return cause(failure).kind;
  }

  /** The exception in {@code failure}'s chain that told its kind (the failure itself when none did), and the kind. */
  static Classified cause(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
      UpstreamFailureKind kind = direct(current);
      if (kind != null) {
        return new Classified(kind, current);
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return new Classified(OTHER, failure);
  }

  /** An exception and the kind it tells. */
  record Classified(UpstreamFailureKind kind, Throwable exception) {}

  private static UpstreamFailureKind direct(Throwable e) {
    // order matters: Netty's connect timeout is a ConnectException, an SSLException is an IOException
    if (e instanceof TimeoutException) {
      String message = e.getMessage();
      return message != null && message.contains(POOL_WAIT_MESSAGE) ? POOL_TIMEOUT : RESPONSE_TIMEOUT;
    }
    if (e instanceof ConnectionPoolTooBusyException) {
      return POOL_FULL;
    }
    if (isA(e, NETTY_CONNECT_TIMEOUT)) {
      return CONNECT_TIMEOUT;
    }
    if (e instanceof ConnectException) {
      return CONNECT_REFUSED;
    }
    if (e instanceof UnknownHostException) {
      return DNS;
    }
    if (e instanceof SSLException) {
      return TLS;
    }
    if (e instanceof HttpClosedException || e instanceof StreamResetException || e instanceof IOException) {
      return RESET;
    }
    return null;
  }

  private static boolean isA(Throwable e, String className) {
    for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }
}
