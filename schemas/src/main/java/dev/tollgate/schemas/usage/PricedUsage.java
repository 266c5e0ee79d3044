package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.Require;
import dev.tollgate.schemas.config.Price;
import java.time.Instant;

/**
 * A usage event with its exact cost: one line of the finance ledger, the value of topic
 * {@code tollgate.usage.priced}, keyed by tenant. Metering writes one per distinct {@code request_id}, so summing
 * the ledger never counts a replayed event twice.
 *
 * <p>A request that no price applies to is still recorded, as {@code unpriced} with a zero cost and no price, so
 * that a missing price is visible rather than silently free.
 *
 * @param schemaVersion version of this record's shape, {@value #CURRENT_SCHEMA_VERSION} for this class
 * @param usage the event as the edge emitted it
 * @param price the price applied; null exactly when {@code unpriced}
 * @param cost the cost under {@code price}; zero when {@code unpriced}
 * @param unpriced whether no price applied: the request reached no deployment, or its deployment had no price in
 *     force at {@code usage.startedAt}
 * @param pricedAt when metering priced the event
 */
public record PricedUsage(
    int schemaVersion, UsageEvent usage, Price price, Cost cost, boolean unpriced, Instant pricedAt) {

  /** The version this class writes. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public PricedUsage {
    Require.schemaVersion(schemaVersion);
    Require.present(usage, "usage");
    Require.present(cost, "cost");
    Require.present(pricedAt, "priced_at");
    if (unpriced && price != null) {
      throw new IllegalArgumentException("price must be null when unpriced");
    }
    if (unpriced && !cost.equals(Cost.ZERO)) {
      throw new IllegalArgumentException("cost must be zero when unpriced");
    }
    if (!unpriced && price == null) {
      throw new IllegalArgumentException("price is required unless unpriced");
    }
  }

  /**
   * The record key on {@code tollgate.usage.priced}: the tenant, like the usage event's.
   *
   * @return {@code usage.tenant}
   */
  public String topicKey() {
    return usage.topicKey();
  }
}
