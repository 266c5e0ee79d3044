package dev.tollgate.edge.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.Price;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MaxPriceTest {
  private static final Price PRICE = new Price(null, new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);

  @Test
  void shouldCompareTheCombinedPriceExactly() {
    assertTrue(MaxPrice.fits(PRICE, new BigDecimal("0.75")));
    assertTrue(MaxPrice.fits(PRICE, new BigDecimal("0.750000")));
    assertFalse(MaxPrice.fits(PRICE, new BigDecimal("0.7499999")));
    assertTrue(MaxPrice.fits(PRICE, null));
    assertFalse(MaxPrice.fits(null, new BigDecimal("100")));
  }

  @Test
  void shouldReadTheHeaderOrRefuseIt() {
    assertEquals(new BigDecimal("1.50"), MaxPrice.parse(" 1.50 "));
    assertNull(MaxPrice.parse(null));
    assertThrows(IllegalArgumentException.class, () -> MaxPrice.parse("-1"));
    assertThrows(IllegalArgumentException.class, () -> MaxPrice.parse("cheap"));
    assertThrows(IllegalArgumentException.class, () -> MaxPrice.parse(""));
  }
}
