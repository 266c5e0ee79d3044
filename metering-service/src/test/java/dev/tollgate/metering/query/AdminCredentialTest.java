package dev.tollgate.metering.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminCredentialTest {

  @Test
  void shouldAcceptTheTokenConfiguredAsItselfOrAsItsHash() {
    for (AdminCredential credential :
        new AdminCredential[] {AdminCredential.of("s3cret"), AdminCredential.of(AdminCredential.hashOf("s3cret"))}) {
      assertTrue(credential.accepts("Bearer s3cret"));
      assertTrue(credential.accepts("bearer s3cret"));
      assertFalse(credential.accepts("Bearer s3cret2"));
      assertFalse(credential.accepts("Basic s3cret"));
      assertFalse(credential.accepts("Bearer "));
      assertFalse(credential.accepts(null));
    }
  }

  @Test
  void shouldNeverShowTheSecret() {
    AdminCredential credential = AdminCredential.of("s3cret");
    assertFalse(credential.toString().contains("s3cret"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> AdminCredential.of("sha256:not-hex-s3cret"));
    assertFalse(bad.getMessage().contains("s3cret"));
  }
}
