package dev.tollgate.metering.query;

import dev.tollgate.metering.MeteringSettings;
import dev.tollgate.schemas.usage.Granularity;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One validated question to the usage API: a tenant's usage over {@code [from, to)}, grouped, as JSON or CSV.
 *
 * @param tenant the tenant
 * @param from the first instant, on a whole UTC hour
 * @param to the first instant not included, on a whole UTC hour, after {@code from}
 * @param groupBy how rows are grouped
 * @param csv whether the answer is CSV rather than JSON
 */
public record UsageQuery(String tenant, Instant from, Instant to, GroupBy groupBy, boolean csv) {

  /** The longest range one query may cover. */
  public static final Duration MAX_RANGE = Duration.ofDays(366);

  private static final int MAX_TENANT_LENGTH = 256;

  /**
   * Reads and checks the query parameters.
   *
   * @param param a query parameter by name; null when absent
   * @param accept the {@code Accept} header; null when absent
   * @param now the current time, for the retention check
   * @param settings the retention of each store
   * @return the query
   * @throws ApiError.Failure with a {@link ApiError.BadParam} naming the first wrong parameter
   */
  public static UsageQuery parse(
      Function<String, String> param, String accept, Instant now, MeteringSettings settings) {
    String tenant = param.apply("tenant");
    if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
      throw bad("tenant", "tenant is required (a tenant id of at most " + MAX_TENANT_LENGTH + " characters)");
    }
    Instant from = instant(param.apply("from"), "from");
    Instant to = instant(param.apply("to"), "to");
    if (!from.isBefore(to)) {
      throw bad("to", "to must be after from (the range is [from, to))");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw bad("to", "the range from..to may cover at most " + MAX_RANGE.toDays() + " days");
    }
    String groupBy = param.apply("group_by");
    GroupBy grouping = groupBy == null ? GroupBy.MODEL : GroupBy.fromWire(groupBy).orElseThrow(
        () -> bad("group_by", "group_by must be model, key or day"));
    checkRetention(from, to, now, settings);
    return new UsageQuery(tenant, from, to, grouping, wantsCsv(param.apply("format"), accept));
  }

  /**
   * The parts of the range and the store each is read from.
   *
   * @return see {@link WindowSlice#cover}
   */
  public List<WindowSlice> slices() {
    return WindowSlice.cover(from, to);
  }

  private static Instant instant(String value, String name) {
    if (value == null || value.isBlank()) {
      throw bad(name, name + " is required: an ISO-8601 instant (2026-03-01T12:00:00Z) or a date (2026-03-01)");
    }
    Instant at;
    try {
      at = value.length() == "2026-03-01".length()
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw bad(name, name + " must be an ISO-8601 instant (2026-03-01T12:00:00Z) or a date (2026-03-01), got '"
          + abbreviate(value) + "'");
    }
    if (!at.truncatedTo(ChronoUnit.HOURS).equals(at)) {
      throw bad(name, name + " must be on a whole UTC hour: usage is kept per hour");
    }
    return at;
  }

  private static void checkRetention(Instant from, Instant to, Instant now, MeteringSettings settings) {
    for (WindowSlice slice : WindowSlice.cover(from, to)) {
      Duration kept = settings.retention(slice.granularity());
      if (slice.from().isBefore(now.minus(kept))) {
        throw bad("from", slice.granularity() == Granularity.HOUR
            ? "hourly usage is kept " + kept.toDays() + " days: a range starting earlier must start and end on a"
                + " whole UTC day"
            : "daily usage is kept " + kept.toDays() + " days; older usage is in the ledger topic");
      }
    }
  }

  private static boolean wantsCsv(String format, String accept) {
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw bad("format", "format must be json or csv");
      };
    }
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }

  private static ApiError.Failure bad(String param, String message) {
    return new ApiError.BadParam(param, message).failure();
  }
}
