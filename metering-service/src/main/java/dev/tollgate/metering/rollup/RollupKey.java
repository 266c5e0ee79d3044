package dev.tollgate.metering.rollup;

import dev.tollgate.schemas.usage.PricedUsage;

/**
 * What a rollup groups by: tenant, virtual key and model alias. A record rather than a joined string, because a
 * model alias may itself contain {@code /}.
 *
 * @param tenant the tenant
 * @param keyId the virtual key's id
 * @param modelAlias the public model name the client asked for
 */
public record RollupKey(String tenant, String keyId, String modelAlias) {

  /**
   * The group of a ledger line.
   *
   * @param line a priced usage
   * @return its tenant, key and model alias
   */
  public static RollupKey of(PricedUsage line) {
    return new RollupKey(line.usage().tenant(), line.usage().keyId(), line.usage().modelAlias());
  }
}
