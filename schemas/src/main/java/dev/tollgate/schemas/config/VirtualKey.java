package dev.tollgate.schemas.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A virtual key as clients present it: {@code tg-<key id>.<secret>}. The id part finds the key's config without a
 * scan; only {@link #hash()} of the whole key is ever stored or published, and hashes are compared in constant
 * time. The secret is 32 random bytes, so a fast hash is enough: there is nothing to brute-force.
 */
public final class VirtualKey {
  /** What every virtual key starts with. */
  public static final String PREFIX = "tg-";
  /** Key ids: lower-case letters, digits, {@code _} and {@code -}; no dots, which end the id part. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final String value;

  private VirtualKey(String id, String value) {
    this.id = id;
    this.value = value;
  }

  /** A new random key for the key id {@code id}. */
  public static VirtualKey generate(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("key id must match " + ID.pattern());
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new VirtualKey(id, PREFIX + id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The key in {@code presented}, or empty when it does not have the shape of a virtual key. */
  public static Optional<VirtualKey> parse(String presented) {
    if (presented == null || !presented.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int dot = presented.indexOf('.', PREFIX.length());
    if (dot < 0) {
      return Optional.empty();
    }
    String id = presented.substring(PREFIX.length(), dot);
    String secret = presented.substring(dot + 1);
    if (!ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
      return Optional.empty();
    }
    return Optional.of(new VirtualKey(id, presented));
  }

  /** The key id: safe to log and to publish. */
  public String id() {
    return id;
  }

  /** The full key, to show once to its owner. Never log it. */
  public String reveal() {
    return value;
  }

  /** The stored form: {@code sha256:<64 hex digits>} of the whole key. */
  public String hash() {
    return "sha256:" + HexFormat.of().formatHex(sha256(value));
  }

  /** Whether this key's hash equals {@code storedHash}, compared in constant time. */
  public boolean matches(String storedHash) {
    if (storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hash().getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "VirtualKey[" + id + "]";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
