package dev.tollgate.launcher.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback stand-in for Bedrock's runtime: {@code POST /model/{id}/converse} answers Converse JSON and
 * {@code /converse-stream} an AWS event stream (written in pieces that split messages), {@code /invoke} a Titan
 * embedding. Every request's SigV4
 * signature is recomputed here, independently of the gateway's signer, from the fake credentials; a request that
 * does not verify gets Bedrock's 403 {@code InvalidSignatureException}.
 */
final class FakeBedrock implements AutoCloseable {
  static final String ANSWER = "Toll gates collect fares.";
  static final String[] STREAMED = {"Toll gates", " collect", " fares."};
  static final long INPUT_TOKENS = 12;
  static final long CACHE_READ_TOKENS = 4;
  static final long OUTPUT_TOKENS = 6;
  static final String EMBEDDING = "[0.125,-0.25,0.5]";
  static final long EMBEDDING_TOKENS = 5;

  private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
      + "([a-z0-9-]+)/bedrock/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String region;
  private final List<String> verifiedPaths = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  FakeBedrock(String accessKeyId, String secretAccessKey, String region) throws IOException {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.region = region;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/model/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The raw paths of the requests whose signature verified. */
  List<String> verifiedPaths() {
    return List.copyOf(verifiedPaths);
  }

  /** Why requests were refused; empty when every signature verified. */
  List<String> refusals() {
    return List.copyOf(refusals);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String refusal = verify(exchange, body);
      if (refusal != null) {
        refusals.add(refusal);
        exchange.getResponseHeaders().add("x-amzn-errortype", "InvalidSignatureException:http://internal.amazon.com/");
        respond(exchange, 403, "application/json",
            "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      verifiedPaths.add(path);
      if (path.endsWith("/converse-stream")) {
        stream(exchange);
      } else if (path.endsWith("/invoke")) {
        respond(exchange, 200, "application/json", ("{\"embedding\":" + EMBEDDING + ",\"inputTextTokenCount\":"
            + EMBEDDING_TOKENS + "}").getBytes(StandardCharsets.UTF_8));
      } else {
        respond(exchange, 200, "application/json", ("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":"
            + "[{\"text\":\"" + ANSWER + "\"}]}},\"stopReason\":\"end_turn\",\"usage\":" + usage()
            + ",\"metrics\":{\"latencyMs\":85}}").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String usage() {
    return "{\"inputTokens\":" + INPUT_TOKENS + ",\"outputTokens\":" + OUTPUT_TOKENS + ",\"totalTokens\":"
        + (INPUT_TOKENS + OUTPUT_TOKENS + CACHE_READ_TOKENS) + ",\"cacheReadInputTokens\":" + CACHE_READ_TOKENS + "}";
  }

  private static void stream(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    frames.writeBytes(event("messageStart", "{\"p\":\"abcdefgh\",\"role\":\"assistant\"}"));
    for (String text : STREAMED) {
      frames.writeBytes(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text + "\"}}"));
    }
    frames.writeBytes(event("contentBlockStop", "{\"contentBlockIndex\":0}"));
    frames.writeBytes(event("messageStop", "{\"stopReason\":\"end_turn\"}"));
    frames.writeBytes(event("metadata", "{\"usage\":" + usage() + ",\"metrics\":{\"latencyMs\":85}}"));
    byte[] all = frames.toByteArray();
    exchange.getResponseHeaders().add("content-type", "application/vnd.amazon.eventstream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      // pieces of 37 bytes: most messages arrive split, some pieces hold the end of one and the start of the next
      for (int at = 0; at < all.length; at += 37) {
        out.write(all, at, Math.min(37, all.length - at));
        out.flush();
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("content-type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Recomputes the signature the way AWS does; null when it matches, else why not. */
  private String verify(HttpExchange exchange, byte[] body) {
    String authorization = exchange.getRequestHeaders().getFirst("authorization");
    String amzDate = exchange.getRequestHeaders().getFirst("x-amz-date");
    Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (auth == null || !auth.matches() || amzDate == null) {
      return "no SigV4 authorization";
    }
    if (!auth.group(1).equals(accessKeyId) || !auth.group(3).equals(region) || !amzDate.startsWith(auth.group(2))) {
      return "wrong credential scope " + auth.group(1) + "/" + auth.group(2) + "/" + auth.group(3);
    }
    Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
      return "signed at " + amzDate + ", too far from now";
    }
    List<String> signedHeaders = List.of(auth.group(4).split(";"));
    if (!signedHeaders.containsAll(List.of("host", "x-amz-date"))) {
      return "host and x-amz-date must be signed";
    }
    StringBuilder canonical = new StringBuilder("POST\n")
        .append(canonicalUri(exchange.getRequestURI().getRawPath())).append("\n\n");
    for (String name : signedHeaders) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value == null) {
        return "signed header " + name + " missing";
      }
      canonical.append(name).append(':').append(value.trim()).append('\n');
    }
    canonical.append('\n').append(auth.group(4)).append('\n').append(hex(sha256(body)));
    String scope = auth.group(2) + "/" + region + "/bedrock/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.group(2));
    for (String part : new String[] {region, "bedrock", "aws4_request"}) {
      key = hmac(key, part);
    }
    return hex(hmac(key, toSign)).equals(auth.group(5)) ? null : "signature mismatch";
  }

  /** Every segment of the raw path encoded once more: {@code %3A} becomes {@code %253A}. */
  private static String canonicalUri(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      StringBuilder out = new StringBuilder();
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xff;
        if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '~') {
          out.append((char) c);
        } else {
          out.append(String.format(Locale.ROOT, "%%%02X", c));
        }
      }
      segments.add(out.toString());
    }
    return String.join("/", segments);
  }

  static byte[] event(String type, String json) {
    byte[] headers = concat(header(":event-type", type), header(":content-type", "application/json"),
        header(":message-type", "event"));
    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
    int total = 12 + headers.length + payload.length + 4;
    ByteBuffer frame = ByteBuffer.allocate(total).putInt(total).putInt(headers.length);
    frame.putInt((int) crc(frame.array(), 8)).put(headers).put(payload);
    frame.putInt((int) crc(frame.array(), total - 4));
    return frame.array();
  }

  private static byte[] header(String name, String value) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + n.length + 3 + v.length).put((byte) n.length).put(n).put((byte) 7)
        .putShort((short) v.length).put(v).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static long crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
