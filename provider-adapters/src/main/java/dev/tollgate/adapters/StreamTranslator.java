package dev.tollgate.adapters;

/**
 * Translates one upstream stream into the OpenAI SSE stream the client reads. Stateful and not thread-safe: one per
 * request, fed from one thread (an event loop) in arrival order.
 *
 * <p>Bytes may be split anywhere, even inside a UTF-8 character or a {@code \r\n}. Each call returns at once what
 * the complete upstream events in it translate to; nothing is held back beyond the incomplete tail of an event, so
 * the edge can write and flush the result straight away.
 */
public interface StreamTranslator {

  /**
   * Feeds the next bytes of the upstream body.
   *
   * @param upstreamBytes the bytes, as they arrived
   * @return the SSE bytes to forward now; empty when these bytes completed no event, or completed only hidden ones
   */
  byte[] translate(byte[] upstreamBytes);

  /**
   * Ends the stream, when the upstream body is over (cleanly or not). Calling it again returns the same result.
   *
   * @return what to send last, the usage to record, and the failure when the stream did not complete
   */
  StreamEnd finish();
}
