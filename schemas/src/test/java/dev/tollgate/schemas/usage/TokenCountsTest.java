package dev.tollgate.schemas.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.schemas.json.Json;
import java.nio.charset.StandardCharsets;
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
  void shouldAddCacheWritesAndDefaultThemToZero() {
    TokenCounts written = new TokenCounts(3000, 10, 0, 0, 2500L);

    TokenCounts sum = written.plus(new TokenCounts(100, 1, 50, 0));

    assertEquals(new TokenCounts(3100, 11, 50, 0, 2500L), sum);
    assertEquals(0L, new TokenCounts(1, 1, 0, 0).cacheWriteTokens());
    assertEquals(new TokenCounts(1, 1, 0, 0), new TokenCounts(1, 1, 0, 0, null));
  }

  @Test
  void shouldReadCountsWrittenBeforeCacheWritesExistedAsNoCacheWrites() {
    byte[] old = "{\"prompt\":10,\"completion\":2,\"cached_prompt\":4,\"reasoning\":0}"
        .getBytes(StandardCharsets.UTF_8);

    TokenCounts read = Json.read(old, TokenCounts.class);

    assertEquals(new TokenCounts(10, 2, 4, 0, 0L), read);
    assertEquals(2500, Json.mapper().valueToTree(new TokenCounts(3000, 1, 0, 0, 2500L))
        .path("cache_write_tokens").asLong());
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
    assertThrows(IllegalArgumentException.class, () -> new TokenCounts(0, 0, 0, 0, -1L));
  }
}
