package dev.tollgate.schemas.usage;

/** The OpenAI API endpoint a request called. */
public enum Endpoint {
  /** {@code POST /v1/chat/completions}. */
  CHAT_COMPLETIONS,
  /** {@code POST /v1/completions} (legacy text completions). */
  COMPLETIONS,
  /** {@code POST /v1/embeddings}. */
  EMBEDDINGS
}
