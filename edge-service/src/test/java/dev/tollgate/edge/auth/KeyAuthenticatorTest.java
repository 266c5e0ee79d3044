package dev.tollgate.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.http.GatewayException;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.TenantConfig;
import dev.tollgate.schemas.config.VirtualKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyAuthenticatorTest {

  private static final TenantConfig ACME = new TenantConfig(1, "acme", "Acme", Limits.UNLIMITED, false);

  private final AtomicReference<ConfigSnapshot> config = new AtomicReference<>();
  private final KeyAuthenticator auth = new KeyAuthenticator(new EdgeState() {
    @Override
    public ConfigSnapshot config() {
      return config.get();
    }

    @Override
    public boolean loaded() {
      return true;
    }
  }, Clock.systemUTC());

  @Test
  void shouldAuthenticateTheSameKeyAgainAndAgain() {
    VirtualKey key = VirtualKey.generate("app");
    config.set(ConfigSnapshot.of(List.of(ACME, key(key.id(), key.hash()))));

    for (int i = 0; i < 3; i++) {
      Principal principal = auth.authenticate("Bearer " + key.reveal());

      assertEquals("app", principal.key().id());
    }
  }

  @Test
  void shouldRefuseARememberedKeyOnceItsHashChanged() {
    VirtualKey old = VirtualKey.generate("app");
    VirtualKey rotated = VirtualKey.generate("app");
    config.set(ConfigSnapshot.of(List.of(ACME, key(old.id(), old.hash()))));
    auth.authenticate("Bearer " + old.reveal());

    config.set(ConfigSnapshot.of(List.of(ACME, key(rotated.id(), rotated.hash()))));

    assertThrows(GatewayException.class, () -> auth.authenticate("Bearer " + old.reveal()));
    assertEquals("app", auth.authenticate("Bearer " + rotated.reveal()).key().id());
  }

  @Test
  void shouldRefuseARememberedKeyOnceItIsRemoved() {
    VirtualKey key = VirtualKey.generate("app");
    config.set(ConfigSnapshot.of(List.of(ACME, key(key.id(), key.hash()))));
    auth.authenticate("Bearer " + key.reveal());

    config.set(ConfigSnapshot.of(List.of(ACME)));

    assertThrows(GatewayException.class, () -> auth.authenticate("Bearer " + key.reveal()));
  }

  @Test
  void shouldRefuseAForgedSecretForAKnownId() {
    VirtualKey key = VirtualKey.generate("app");
    VirtualKey forged = VirtualKey.generate("app");
    config.set(ConfigSnapshot.of(List.of(ACME, key(key.id(), key.hash()))));
    auth.authenticate("Bearer " + key.reveal());

    assertThrows(GatewayException.class, () -> auth.authenticate("Bearer " + forged.reveal()));
  }

  @Test
  void shouldKeepAuthenticatingPastTheMemorysBound() {
    List<VirtualKey> keys = new ArrayList<>();
    List<ConfigEntity> entities = new ArrayList<>(List.of(ACME));
    for (int i = 0; i < KeyAuthenticator.MAX_REMEMBERED + 10; i++) {
      VirtualKey key = VirtualKey.generate("app-" + i);
      keys.add(key);
      entities.add(key(key.id(), key.hash()));
    }
    config.set(ConfigSnapshot.of(entities));

    for (VirtualKey key : keys) {
      assertEquals(key.id(), auth.authenticate("Bearer " + key.reveal()).key().id());
    }
    for (VirtualKey key : keys) {
      assertEquals(key.id(), auth.authenticate("Bearer " + key.reveal()).key().id());
    }
  }

  private static KeyConfig key(String id, String hash) {
    return new KeyConfig(1, id, "acme", hash, null, EnumSet.allOf(Scope.class), List.of("*"), Limits.UNLIMITED,
        null, false);
  }
}
