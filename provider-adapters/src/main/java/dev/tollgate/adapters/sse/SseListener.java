package dev.tollgate.adapters.sse;

/** Receives what an {@link SseParser} finds, in order, on the thread that feeds it. */
public interface SseListener {

  /**
   * A complete event (a blank line ended it).
   *
   * @param event the event
   */
  void onEvent(SseEvent event);

  /**
   * A comment line ({@code : text}), usually a keep-alive. Ignored unless overridden.
   *
   * @param comment the text after the colon, as sent
   */
  default void onComment(String comment) {}
}
