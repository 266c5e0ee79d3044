package dev.tollgate.adapters.sse;

/** An upstream event grew beyond the parser's limit: the stream is broken, or hostile. */
public final class SseOverflowException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param limit the limit in bytes
   */
  public SseOverflowException(int limit) {
    super("server-sent event larger than " + limit + " bytes");
  }
}
