package dev.tollgate.edge.limits;

/** Which limit refused a request. */
public enum LimitKind {
  /** Requests per minute. */
  REQUESTS("requests", "requests per min (RPM)"),
  /** Tokens per minute, charged with the estimate first and the real usage once known. */
  TOKENS("tokens", "tokens per min (TPM)"),
  /** Requests in flight at once. */
  CONCURRENCY("concurrency", "concurrent requests");

  private final String label;
  private final String description;

  LimitKind(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** A short lower-case name for metrics and logs. */
  public String label() {
    return label;
  }

  /** How the refusal message names this limit, after OpenAI's wording. */
  String description() {
    return description;
  }
}
