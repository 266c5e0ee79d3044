package dev.tollgate.adapters.bedrock.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for requests signed in the {@code Authorization} header
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), for services other than S3:
 * each path segment of the canonical URI is URI-encoded once more than on the wire, so a Bedrock model id
 * {@code v1:0}, sent as {@code v1%3A0}, is signed as {@code v1%253A0}. The time comes from a {@link Clock}, so that
 * signed requests are reproducible in tests. Thread-safe.
 */
public final class SigV4 {
  /** The only algorithm SigV4 header signing uses. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final String region;
  private final String service;
  private final Clock clock;

  /**
   * A signer for one service in one region.
   *
   * @param region the region, e.g. {@code us-east-1}
   * @param service the signing name of the service, e.g. {@code bedrock}
   * @param clock where the signing time comes from
   */
  public SigV4(String region, String service, Clock clock) {
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Signs a request: adds {@code x-amz-date}, {@code x-amz-security-token} when the credentials have a session
   * token, and {@code authorization}. Every header given is signed, so give only those that reach the server as
   * they are (host, content-type, {@code x-amz-*}).
   *
   * @param method the HTTP method
   * @param path the path as sent on the wire (already URI-encoded), starting with {@code /}
   * @param query the query as sent on the wire, without {@code ?}; empty when none
   * @param headers the headers to sign, {@code host} included; names in any case
   * @param body the request body
   * @param credentials the key to sign with
   * @return the headers given (names lower-cased), followed by the ones signing adds
   */
  public Map<String, String> sign(String method, String path, String query, Map<String, String> headers, byte[] body,
      AwsCredentials credentials) {
    String amzDate = AMZ_DATE.format(clock.instant());
    Map<String, String> signed = new LinkedHashMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
    signed.put("x-amz-date", amzDate);
    if (credentials.sessionToken() != null) {
      signed.put("x-amz-security-token", credentials.sessionToken());
    }
    String canonical = canonicalRequest(method, canonicalUri(path), canonicalQuery(query), signed, sha256Hex(body));
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String toSign = stringToSign(amzDate, scope, canonical);
    String signature = HEX.formatHex(hmac(signingKey(credentials.secretAccessKey(), amzDate.substring(0, 8),
        region, service), toSign));
    signed.put("authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
        + ", SignedHeaders=" + signedHeaderNames(signed.keySet().stream().filter(n -> !n.equals("authorization"))
        .toList()) + ", Signature=" + signature);
    return signed;
  }

  /**
   * The canonical request.
   *
   * @param method the HTTP method
   * @param canonicalUri the canonical URI, from {@link #canonicalUri}
   * @param canonicalQuery the canonical query, from {@link #canonicalQuery}
   * @param headers the headers to sign, lower-case names to values
   * @param payloadHash the hex SHA-256 of the body
   * @return the canonical request
   */
  public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
      Map<String, String> headers, String payloadHash) {
    Map<String, String> sorted = new TreeMap<>();
    headers.forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
    StringBuilder canonical = new StringBuilder()
        .append(method).append('\n')
        .append(canonicalUri).append('\n')
        .append(canonicalQuery).append('\n');
    sorted.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    return canonical.append('\n')
        .append(signedHeaderNames(List.copyOf(sorted.keySet()))).append('\n')
        .append(payloadHash)
        .toString();
  }

  /**
   * The canonical URI of a wire path: each segment URI-encoded once more (every service but S3).
   *
   * @param path the path as sent, starting with {@code /}; empty means {@code /}
   * @return the canonical URI
   */
  public static String canonicalUri(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return "/";
    }
    String[] segments = path.split("/", -1);
    List<String> encoded = new ArrayList<>(segments.length);
    for (String segment : segments) {
      encoded.add(uriEncode(segment));
    }
    return String.join("/", encoded);
  }

  /**
   * The canonical query of a wire query: names and values decoded, re-encoded the AWS way, sorted by name and then
   * value.
   *
   * @param query the query as sent, without {@code ?}
   * @return the canonical query; empty when none
   */
  public static String canonicalQuery(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {uriEncode(decode(name)), uriEncode(decode(value))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
  }

  /**
   * The string to sign.
   *
   * @param amzDate the signing time, {@code yyyyMMdd'T'HHmmss'Z'}
   * @param scope the credential scope, {@code date/region/service/aws4_request}
   * @param canonicalRequest the canonical request
   * @return the string to sign
   */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The signing key: the HMAC chain over date, region, service and {@code aws4_request}.
   *
   * @param secretAccessKey the secret key
   * @param date the signing date, {@code yyyyMMdd}
   * @param region the region
   * @param service the service's signing name
   * @return the key
   */
  public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  /**
   * URI-encodes a string the AWS way: every byte but the unreserved {@code A-Z a-z 0-9 - _ . ~} as {@code %XY}.
   *
   * @param value the string
   * @return it encoded
   */
  public static String uriEncode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * The hex SHA-256 of some bytes.
   *
   * @param bytes the bytes
   * @return the lower-case hex digest
   */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String signedHeaderNames(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(";"));
  }

  /** Trimmed, with runs of spaces collapsed, as the canonical form requires. */
  private static String canonicalValue(String value) {
    return value.trim().replaceAll(" +", " ");
  }

  private static String decode(String value) {
    return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
