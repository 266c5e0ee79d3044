package dev.tollgate.adapters;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads how long an upstream asks us to wait, from the three headers in use: Azure's {@code x-ms-retry-after-ms},
 * the OpenAI SDKs' {@code retry-after-ms}, and the standard {@code retry-after} in seconds or as an HTTP-date
 * (RFC 9110 §10.2.3). The first header that parses wins, in that order, as in the OpenAI SDKs.
 */
public final class RetryAfter {
  /** Hints beyond a day are treated as garbage rather than obeyed. */
  private static final long MAX_MILLIS = Duration.ofDays(1).toMillis();

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");

  private RetryAfter() {}

  /**
   * The delay the upstream asked for.
   *
   * @param headers the upstream response's headers
   * @param now the current time, against which an HTTP-date is measured
   * @return the delay in milliseconds (0 for a date in the past), or null when no header gives one
   */
  public static Long millis(UpstreamHeaders headers, Instant now) {
    Long ms = milliseconds(headers.get("x-ms-retry-after-ms"));
    if (ms == null) {
      ms = milliseconds(headers.get("retry-after-ms"));
    }
    if (ms == null) {
      ms = retryAfter(headers.get("retry-after"), now);
    }
    return ms;
  }

  private static Long milliseconds(String value) {
    return bounded(decimal(value, 1));
  }

  private static Long retryAfter(String value, Instant now) {
    if (value == null) {
      return null;
    }
    Long ms = decimal(value, 1000);
    if (ms != null) {
      return bounded(ms);
    }
    try {
      Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return bounded(Math.max(0, Duration.between(now, at).toMillis()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Long decimal(String value, int scale) {
    if (value == null || !DECIMAL.matcher(value.trim()).matches()) {
      return null;
    }
    return (long) Math.ceil(Double.parseDouble(value.trim()) * scale);
  }

  private static Long bounded(Long ms) {
    return ms == null || ms > MAX_MILLIS ? null : ms;
  }
}
