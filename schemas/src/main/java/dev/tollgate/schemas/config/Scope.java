package dev.tollgate.schemas.config;

/** What a key may call. */
public enum Scope {
  CHAT,
  COMPLETIONS,
  EMBEDDINGS,
  MODELS
}
