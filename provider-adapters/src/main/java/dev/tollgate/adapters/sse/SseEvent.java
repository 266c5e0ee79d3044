package dev.tollgate.adapters.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, or null when the event had none (a "message")
 * @param data the {@code data:} lines joined with {@code \n}, as raw UTF-8 bytes; owned by this event
 * @param id the last {@code id:} seen, or null
 */
public record SseEvent(String event, byte[] data, String id) {
  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /**
   * The data as text.
   *
   * @return the data decoded as UTF-8
   */
  public String dataText() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * Whether the data is exactly a given text, without decoding it.
   *
   * @param text ASCII text
   * @return true when equal
   */
  public boolean dataIs(String text) {
    return Arrays.equals(data, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SseEvent that
        && Objects.equals(event, that.event)
        && Arrays.equals(data, that.data)
        && Objects.equals(id, that.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, Arrays.hashCode(data), id);
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", data=" + dataText() + ", id=" + id + "]";
  }
}
