package dev.tollgate.schemas.config;

/** What a deployment can serve. */
public enum Capability {
  CHAT,
  COMPLETIONS,
  EMBEDDINGS,
  TOOLS,
  VISION
}
