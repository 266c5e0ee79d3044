package dev.tollgate.edge.route;

import dev.tollgate.schemas.config.Price;
import java.math.BigDecimal;

/**
 * A client's price cap, the {@code x-tollgate-max-price} header: USD per million tokens, compared exactly with a
 * deployment's <em>combined price</em> (input + output), the same rule as the routing service's match API
 * ({@code POST /v1/route}). A deployment without a declared price never fits a cap.
 */
public final class MaxPrice {
  /** The request header that carries the cap. */
  public static final String HEADER = "x-tollgate-max-price";

  private MaxPrice() {}

  /**
   * Reads the header's value.
   *
   * @param value the header, or null when absent
   * @return the cap, or null for none
   * @throws IllegalArgumentException when the value is not a decimal number of USD {@code >= 0}
   */
  public static BigDecimal parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      BigDecimal cap = new BigDecimal(value.trim());
      if (cap.signum() >= 0) {
        return cap;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        HEADER + " must be a decimal number of USD per million tokens >= 0, such as \"1.50\"");
  }

  /** Input + output, USD per million tokens. */
  public static BigDecimal combined(Price price) {
    return price.inputPerMtokUsd().add(price.outputPerMtokUsd());
  }

  /** Whether a deployment priced {@code price} (null: none declared) fits {@code cap} (null: no cap). */
  public static boolean fits(Price price, BigDecimal cap) {
    return cap == null || (price != null && combined(price).compareTo(cap) <= 0);
  }
}
