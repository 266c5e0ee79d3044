package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;

/** Whose spend a budget holds: a tenant, or one of its keys, optionally narrowed to one model alias. */
public record BudgetScope(String tenant, String key, String model) {
  public BudgetScope {
    Require.text(tenant, "tenant");
  }

  /** The record key for this scope on the budget topics: {@code tenant:acme/key:k1/model:gpt-4o}. */
  public String topicKey() {
    StringBuilder out = new StringBuilder("tenant:").append(tenant);
    if (key != null) {
      out.append("/key:").append(key);
    }
    if (model != null) {
      out.append("/model:").append(model);
    }
    return out.toString();
  }
}
