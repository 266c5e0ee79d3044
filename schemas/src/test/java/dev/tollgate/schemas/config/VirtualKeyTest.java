package dev.tollgate.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirtualKeyTest {

  @Test
  void shouldParseAGeneratedKeyBackToItsIdAndHash() {
    VirtualKey key = VirtualKey.generate("team-a_1");

    VirtualKey parsed = VirtualKey.parse(key.reveal()).orElseThrow();

    assertEquals("team-a_1", parsed.id());
    assertEquals(key.hash(), parsed.hash());
    assertTrue(parsed.matches(key.hash()));
    assertTrue(KeyConfig.SECRET_HASH.matcher(key.hash()).matches());
  }

  @Test
  void shouldNotMatchTheHashOfAnotherKeyWithTheSameId() {
    VirtualKey one = VirtualKey.generate("k1");
    VirtualKey other = VirtualKey.generate("k1");

    assertNotEquals(one.reveal(), other.reveal());
    assertFalse(one.matches(other.hash()));
    assertFalse(one.matches(null));
  }

  @Test
  void shouldRejectStringsThatAreNotVirtualKeys() {
    String secret = "A".repeat(43);

    assertTrue(VirtualKey.parse("sk-" + secret).isEmpty());
    assertTrue(VirtualKey.parse("tg-k1" + secret).isEmpty());
    assertTrue(VirtualKey.parse("tg-K1." + secret).isEmpty());
    assertTrue(VirtualKey.parse("tg-k1." + secret + "x").isEmpty());
    assertTrue(VirtualKey.parse(null).isEmpty());
    assertTrue(VirtualKey.parse("tg-k1." + secret).isPresent());
  }

  @Test
  void shouldNeverShowTheSecretInToString() {
    VirtualKey key = VirtualKey.generate("k1");

    assertEquals("VirtualKey[k1]", key.toString());
    assertThrows(IllegalArgumentException.class, () -> VirtualKey.generate("Bad.Id"));
  }
}
