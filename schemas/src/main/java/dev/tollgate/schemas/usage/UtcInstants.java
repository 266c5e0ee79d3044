package dev.tollgate.schemas.usage;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses instants in the form the shared mapper writes ({@code 2026-03-01T12:00:00Z}, {@code
 * 2026-03-01T12:00:00.250Z}, up to nine fraction digits) without a {@link java.time.format.DateTimeFormatter}, which
 * costs several times more per call. Any other form is refused, for the caller to parse it the general way.
 */
final class UtcInstants {

  private static final int[] NANOS_SCALE = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private UtcInstants() {}

  /**
   * The instant {@code text} names, equal to {@code Instant.parse(text)}.
   *
   * @throws IllegalArgumentException when {@code text} is not in the form above (it may still be an instant)
   */
  static Instant parse(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
        || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      throw notCanonical();
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int nanos = 0;
    if (length > 20) {
      int fraction = length - 21;
      if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        throw notCanonical();
      }
      nanos = digits(text, 20, fraction) * NANOS_SCALE[fraction];
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      throw notCanonical();
    }
    // LocalDate.of checks the day against the month and the leap year
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw notCanonical();
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static IllegalArgumentException notCanonical() {
    return new IllegalArgumentException("not an instant in the canonical UTC form");
  }
}
