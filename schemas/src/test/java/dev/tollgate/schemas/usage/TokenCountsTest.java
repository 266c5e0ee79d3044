package dev.tollgate.schemas.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenCountsTest {

  @Test
  void shouldCountCachedAndReasoningTokensInsidePromptAndCompletion() {
    TokenCounts tokens = new TokenCounts(1200, 350, 1024, 200);

    long total = tokens.total();

    assertEquals(1550, total);
  }

  @Test
  void shouldAddFieldByField() {
    TokenCounts first = new TokenCounts(10, 20, 5, 1);

    TokenCounts sum = first.plus(new TokenCounts(1, 2, 3, 4)).plus(TokenCounts.ZERO);

    assertEquals(new TokenCounts(11, 22, 8, 5), sum);
  }

  @Test
  void shouldThrowRatherThanWrapWhenASumOverflows() {
    TokenCounts huge = new TokenCounts(0, Long.MAX_VALUE, 0, 0);

    assertThrows(ArithmeticException.class, () -> huge.plus(new TokenCounts(0, 1, 0, 0)));
    assertThrows(ArithmeticException.class, () -> new TokenCounts(1, Long.MAX_VALUE, 0, 0).total());
  }

  @Test
  void shouldRejectANegativeCount() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TokenCounts(-5, 0, 0, 0));

    assertEquals("prompt must be >= 0, got -5", e.getMessage());
  }
}
