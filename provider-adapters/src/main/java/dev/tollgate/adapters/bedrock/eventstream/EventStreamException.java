package dev.tollgate.adapters.bedrock.eventstream;

/** The bytes are not a valid AWS event stream: a checksum mismatch, an impossible length, a malformed header. */
public final class EventStreamException extends Exception {
  /**
   * Creates the exception.
   *
   * @param message what is wrong, without quoting the payload
   */
  public EventStreamException(String message) {
    super(message);
  }
}
