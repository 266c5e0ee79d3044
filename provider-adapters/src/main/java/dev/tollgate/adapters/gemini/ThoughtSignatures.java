package dev.tollgate.adapters.gemini;

import java.util.Optional;

/**
 * Carries Gemini's {@code thoughtSignature} through OpenAI clients, which keep nothing of a tool call but its id,
 * name and arguments. Thinking models sign the {@code functionCall} parts they emit and want the signature back
 * with the call on the next turn (Gemini 3 refuses the turn without it); the gateway keeps no state, so the
 * signature rides in the tool call's id: {@code <id>__ts__<signature>}. Clients treat ids as opaque strings and send
 * them back unchanged in the assistant message and in the tool message.
 */
final class ThoughtSignatures {
  private static final String SEPARATOR = "__ts__";

  private ThoughtSignatures() {}

  /** The id an OpenAI client sees: the call's id, with the signature when there is one. */
  static String toolCallId(String id, String signature) {
    return signature.isEmpty() ? id : id + SEPARATOR + signature;
  }

  /** The signature a tool call id carries, if any. */
  static Optional<String> of(String toolCallId) {
    int at = toolCallId.indexOf(SEPARATOR);
    return at < 0 || at + SEPARATOR.length() == toolCallId.length()
        ? Optional.empty()
        : Optional.of(toolCallId.substring(at + SEPARATOR.length()));
  }
}
