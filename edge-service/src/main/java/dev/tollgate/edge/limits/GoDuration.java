package dev.tollgate.edge.limits;

import java.time.Duration;

/**
 * Formats a duration exactly as Go's {@code time.Duration.String()} does ({@code 12ms}, {@code 1.5s},
 * {@code 6m0s}, {@code 2h0m0s}), the form OpenAI uses in its {@code x-ratelimit-reset-*} headers and clients parse.
 */
public final class GoDuration {
  private GoDuration() {}

  /** {@code duration} in Go's notation; durations beyond about 292 years do not fit in nanoseconds and throw. */
  public static String format(Duration duration) {
    return format(duration.toNanos());
  }

  /** {@code nanos} nanoseconds in Go's notation. */
  public static String format(long nanos) {
    // A port of Go's Duration.format: digits are written backwards into a fixed buffer, and the magnitude is
    // unsigned so that Long.MIN_VALUE prints like Go's -1<<63.
    char[] buf = new char[32];
    int w = buf.length;
    long u = nanos < 0 ? -nanos : nanos;
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      buf[--w] = 's';
      if (u == 0) {
        buf[--w] = '0';
        return new String(buf, w, buf.length - w);
      }
      int precision;
      if (u < 1_000L) {
        precision = 0;
        buf[--w] = 'n';
      } else if (u < 1_000_000L) {
        precision = 3;
        buf[--w] = '\u00b5';
      } else {
        precision = 6;
        buf[--w] = 'm';
      }
      w = writeFraction(buf, w, u, precision);
      w = writeInt(buf, w, u / pow10(precision));
    } else {
      buf[--w] = 's';
      w = writeFraction(buf, w, Long.remainderUnsigned(u, 1_000_000_000L), 9);
      long seconds = Long.divideUnsigned(u, 1_000_000_000L);
      w = writeInt(buf, w, seconds % 60);
      long minutes = seconds / 60;
      if (minutes > 0) {
        buf[--w] = 'm';
        w = writeInt(buf, w, minutes % 60);
        long hours = minutes / 60;
        if (hours > 0) {
          buf[--w] = 'h';
          w = writeInt(buf, w, hours);
        }
      }
    }
    if (nanos < 0) {
      buf[--w] = '-';
    }
    return new String(buf, w, buf.length - w);
  }

  /** Writes the last {@code precision} digits of {@code v} as ".ddd" without trailing zeros, or nothing if all zero. */
  private static int writeFraction(char[] buf, int w, long v, int precision) {
    boolean print = false;
    for (int i = 0; i < precision; i++) {
      long digit = v % 10;
      print = print || digit != 0;
      if (print) {
        buf[--w] = (char) ('0' + digit);
      }
      v /= 10;
    }
    if (print) {
      buf[--w] = '.';
    }
    return w;
  }

  private static int writeInt(char[] buf, int w, long v) {
    do {
      buf[--w] = (char) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    return w;
  }

  private static long pow10(int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= 10;
    }
    return p;
  }
}
