package dev.tollgate.routing.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer token that guards the provider registry. Only its SHA-256 digest is kept, and a presented token is
 * compared digest to digest with {@link MessageDigest#isEqual}, in constant time whatever its length.
 */
public final class AdminToken {
  private static final String BEARER = "bearer ";

  private final byte[] digest;

  private AdminToken(byte[] digest) {
    this.digest = digest;
  }

  /**
   * The token, if one is configured.
   *
   * @param token the secret, from the environment; null or blank disables the registry
   * @return the guard, or empty
   */
  public static Optional<AdminToken> of(String token) {
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(new AdminToken(sha256(token)));
  }

  /**
   * Whether an {@code Authorization} header carries this token.
   *
   * @param authorization the header's value, or null
   * @return true only for {@code Bearer <the token>}
   */
  public boolean accepts(String authorization) {
    if (authorization == null || authorization.length() < BEARER.length()
        || !authorization.substring(0, BEARER.length()).equalsIgnoreCase(BEARER)) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).trim()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "AdminToken[set]";
  }
}
