package dev.tollgate.schemas.usage;

import dev.tollgate.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Writes a {@link UsageEvent} as UTF-8 JSON, byte for byte what {@link Json}'s mapper writes, without the mapper.
 * The edge serializes one event per request: a writer made for this one record costs a fraction of the generic
 * serializer's CPU and has far less code for the JIT to compile before it is fast.
 *
 * <p>The mapper's rules it reproduces: fields in record order with {@code snake_case} names, nulls written as
 * {@code null}, enums in lower case, instants as ISO-8601 UTC with 0, 3, 6 or 9 fraction digits, and strings escaped
 * as Jackson escapes them ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control characters and every
 * surrogate as an upper-case {@code \\uXXXX}, everything else as UTF-8). Reading stays with the mapper.
 */
public final class UsageEventWriter {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] ENDPOINTS = wireNames(Endpoint.values());
  private static final byte[][] SOURCES = wireNames(UsageSource.values());
  private static final byte[][] OUTCOMES = wireNames(Outcome.values());
  /** The years whose instants are written here; others (never seen in practice) go to {@link Instant#toString}. */
  private static final long FIRST_FAST_SECOND = LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long END_FAST_SECOND = LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

  private byte[] buf;
  private int len;

  private UsageEventWriter() {
    buf = new byte[512];
  }

  /**
   * The event as UTF-8 JSON.
   *
   * @param event the event to write
   * @return the same bytes as {@code Json.write(event)}
   */
  public static byte[] write(UsageEvent event) {
    UsageEventWriter out = new UsageEventWriter();
    out.event(event);
    return Arrays.copyOf(out.buf, out.len);
  }

  private void event(UsageEvent e) {
    raw("{\"schema_version\":");
    number(e.schemaVersion());
    raw(",\"request_id\":");
    string(e.requestId());
    raw(",\"tenant\":");
    string(e.tenant());
    raw(",\"key_id\":");
    string(e.keyId());
    raw(",\"endpoint\":");
    quoted(ENDPOINTS[e.endpoint().ordinal()]);
    raw(",\"model_alias\":");
    string(e.modelAlias());
    raw(",\"provider\":");
    string(e.provider());
    raw(",\"deployment\":");
    string(e.deployment());
    raw(",\"upstream_model\":");
    string(e.upstreamModel());
    raw(",\"attempt\":");
    number(e.attempt());
    raw(",\"tokens\":");
    tokens(e.tokens());
    raw(",\"usage_source\":");
    quoted(SOURCES[e.usageSource().ordinal()]);
    raw(",\"outcome\":");
    quoted(OUTCOMES[e.outcome().ordinal()]);
    raw(",\"http_status\":");
    number(e.httpStatus());
    raw(e.stream() ? ",\"stream\":true" : ",\"stream\":false");
    raw(",\"started_at\":");
    instant(e.startedAt());
    raw(",\"finished_at\":");
    instant(e.finishedAt());
    raw(",\"latency_ms\":");
    number(e.latencyMs());
    raw(",\"ttft_ms\":");
    if (e.ttftMs() == null) {
      raw("null");
    } else {
      number(e.ttftMs());
    }
    raw(",\"edge_id\":");
    string(e.edgeId());
    raw("}");
  }

  private void tokens(TokenCounts t) {
    raw("{\"prompt\":");
    number(t.prompt());
    raw(",\"completion\":");
    number(t.completion());
    raw(",\"cached_prompt\":");
    number(t.cachedPrompt());
    raw(",\"reasoning\":");
    number(t.reasoning());
    raw(",\"cache_write_tokens\":");
    // never null: the record's constructor turns an absent count into 0
    number(t.cacheWriteTokens());
    raw("}");
  }

  /** ISO-8601 in UTC as {@code DateTimeFormatter.ISO_INSTANT} writes it, which is what the mapper uses. */
  private void instant(Instant instant) {
    long second = instant.getEpochSecond();
    if (second < FIRST_FAST_SECOND || second >= END_FAST_SECOND) {
      string(instant.toString());
      return;
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
    ensure(32);
    buf[len++] = '"';
    digits(t.getYear(), 4);
    buf[len++] = '-';
    digits(t.getMonthValue(), 2);
    buf[len++] = '-';
    digits(t.getDayOfMonth(), 2);
    buf[len++] = 'T';
    digits(t.getHour(), 2);
    buf[len++] = ':';
    digits(t.getMinute(), 2);
    buf[len++] = ':';
    digits(t.getSecond(), 2);
    int nanos = instant.getNano();
    if (nanos > 0) {
      buf[len++] = '.';
      if (nanos % 1_000_000 == 0) {
        digits(nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        digits(nanos / 1_000, 6);
      } else {
        digits(nanos, 9);
      }
    }
    buf[len++] = 'Z';
    buf[len++] = '"';
  }

  /** {@code value} in exactly {@code width} digits, zero-padded; the caller made room. */
  private void digits(int value, int width) {
    for (int i = len + width - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    len += width;
  }

  /** A decimal integer, written in place: no string per number. */
  private void number(long value) {
    if (value < 0) {
      // never on a valid event (its counts are non-negative); Long.MIN_VALUE has no positive twin
      raw(Long.toString(value));
      return;
    }
    int width = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      width++;
    }
    ensure(width);
    for (int i = len + width - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    len += width;
  }

  private void quoted(byte[] ascii) {
    ensure(ascii.length + 2);
    buf[len++] = '"';
    System.arraycopy(ascii, 0, buf, len, ascii.length);
    len += ascii.length;
    buf[len++] = '"';
  }

  /** ASCII without anything to escape. */
  private void raw(String ascii) {
    int n = ascii.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) ascii.charAt(i);
    }
  }

  private void string(String s) {
    if (s == null) {
      raw("null");
      return;
    }
    int n = s.length();
    // the worst case: every char escaped as six bytes
    ensure(n * 6 + 2);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
        } else {
          p = escapeAscii(c, b, p);
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xc0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        p = unicodeEscape(c, b, p);
      } else {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[p++] = '"';
    len = p;
  }

  private static int escapeAscii(char c, byte[] b, int p) {
    byte shortForm = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\f' -> 'f';
      case '\r' -> 'r';
      default -> 0;
    };
    if (shortForm == 0) {
      return unicodeEscape(c, b, p);
    }
    b[p++] = '\\';
    b[p++] = shortForm;
    return p;
  }

  private static int unicodeEscape(char c, byte[] b, int p) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = HEX[(c >> 12) & 0xF];
    b[p++] = HEX[(c >> 8) & 0xF];
    b[p++] = HEX[(c >> 4) & 0xF];
    b[p++] = HEX[c & 0xF];
    return p;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  private static byte[][] wireNames(Enum<?>[] constants) {
    byte[][] names = new byte[constants.length][];
    for (Enum<?> constant : constants) {
      names[constant.ordinal()] = Json.wire(constant).getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }
}
