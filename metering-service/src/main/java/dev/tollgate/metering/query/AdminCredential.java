package dev.tollgate.metering.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The admin credential that protects the usage API. It is configured as the token itself or as
 * {@code sha256:<64 hex digits>} of it; either way only the SHA-256 of the token is kept, and a presented token is
 * hashed and compared in constant time ({@link MessageDigest#isEqual}). Its {@link #toString()} never shows
 * either, so it cannot leak into a log line.
 */
public final class AdminCredential {

  private static final String HASH_PREFIX = "sha256:";
  private static final String BEARER = "bearer ";
  private static final int SHA256_HEX_DIGITS = 64;

  private final byte[] tokenSha256;

  private AdminCredential(byte[] tokenSha256) {
    this.tokenSha256 = tokenSha256;
  }

  /**
   * The credential configured as {@code value}.
   *
   * @param value the token, or {@code sha256:<64 hex digits>} of it
   * @return the credential
   * @throws IllegalArgumentException if {@code value} is blank or a malformed hash (the message never shows it)
   */
  public static AdminCredential of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the admin token is empty");
    }
    String trimmed = value.trim();
    if (!trimmed.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())) {
      return new AdminCredential(sha256(trimmed));
    }
    String hex = trimmed.substring(HASH_PREFIX.length());
    if (hex.length() != SHA256_HEX_DIGITS || !HexFormat.isHexDigit(hex.charAt(0))) {
      throw new IllegalArgumentException("an admin token hash must be sha256: followed by 64 hex digits");
    }
    try {
      return new AdminCredential(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("an admin token hash must be sha256: followed by 64 hex digits");
    }
  }

  /**
   * The stored form of a token, for configuring a hash instead of the token.
   *
   * @param token an admin token
   * @return {@code sha256:<64 hex digits>}
   */
  public static String hashOf(String token) {
    return HASH_PREFIX + HexFormat.of().formatHex(sha256(token));
  }

  /**
   * Whether an {@code Authorization} header carries this credential as {@code Bearer <token>}.
   *
   * @param authorization the header's value; null when absent
   * @return true only for the right token, compared in constant time
   */
  public boolean accepts(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return MessageDigest.isEqual(tokenSha256, sha256(authorization.substring(BEARER.length()).trim()));
  }

  @Override
  public String toString() {
    return "AdminCredential[redacted]";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
