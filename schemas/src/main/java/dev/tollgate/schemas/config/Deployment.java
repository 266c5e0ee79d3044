package dev.tollgate.schemas.config;

import dev.tollgate.schemas.Require;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One place a model alias can be served: a provider, the model name it knows, routing weight and priority, the
 * prices over time, and what it can do.
 */
public record Deployment(
    String id,
    String provider,
    String upstreamModel,
    int weight,
    int priority,
    List<Price> prices,
    Set<Capability> capabilities,
    Integer contextLength,
    Integer maxOutputTokens) {

  public Deployment {
    Require.text(id, "id");
    Require.text(provider, "provider");
    Require.text(upstreamModel, "upstream_model");
    if (weight < 0) {
      throw new IllegalArgumentException("weight must be >= 0");
    }
    prices = Require.list(prices);
    capabilities = Require.set(capabilities);
  }

  /** The price in force at {@code at}: the latest whose {@code effective_from} is not after it. */
  public Optional<Price> priceAt(Instant at) {
    return prices.stream()
        .filter(p -> p.effectiveFrom() == null || !p.effectiveFrom().isAfter(at))
        .max(Comparator.comparing(p -> p.effectiveFrom() == null ? Instant.MIN : p.effectiveFrom()));
  }
}
