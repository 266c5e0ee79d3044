package dev.tollgate.adapters;

import dev.tollgate.schemas.usage.Endpoint;

/** The OpenAI endpoints Tollgate proxies, each with its path under the {@code /v1} base URL. */
public enum OpenAiEndpoint {
  /** {@code POST /v1/chat/completions}: the input is {@code messages}. */
  CHAT_COMPLETIONS("/chat/completions", "messages", true),
  /** {@code POST /v1/completions}, the legacy endpoint: the input is {@code prompt}. */
  COMPLETIONS("/completions", "prompt", true),
  /** {@code POST /v1/embeddings}: the input is {@code input}; never streamed. */
  EMBEDDINGS("/embeddings", "input", false);

  private final String path;
  private final String inputField;
  private final boolean streams;

  OpenAiEndpoint(String path, String inputField, boolean streams) {
    this.path = path;
    this.inputField = inputField;
    this.streams = streams;
  }

  /**
   * The path relative to an OpenAI base URL such as {@code https://api.openai.com/v1}.
   *
   * @return the path, starting with {@code /}
   */
  public String path() {
    return path;
  }

  /**
   * The request member that carries the input to the model.
   *
   * @return {@code messages}, {@code prompt} or {@code input}
   */
  public String inputField() {
    return inputField;
  }

  /**
   * The endpoint as a usage event names it.
   *
   * @return the usage event's endpoint
   */
  public Endpoint usageEndpoint() {
    return switch (this) {
      case CHAT_COMPLETIONS -> Endpoint.CHAT_COMPLETIONS;
      case COMPLETIONS -> Endpoint.COMPLETIONS;
      case EMBEDDINGS -> Endpoint.EMBEDDINGS;
    };
  }

  /**
   * Whether the endpoint accepts {@code "stream": true}.
   *
   * @return true for chat and legacy completions
   */
  public boolean streams() {
    return streams;
  }
}
