package dev.tollgate.metering.query;

import dev.tollgate.metering.rollup.RollupKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the usage API groups a tenant's rollups: by model alias, by virtual key or by UTC day. */
public enum GroupBy {
  /** One row per model alias. */
  MODEL("model"),
  /** One row per virtual key id. */
  KEY("key_id"),
  /** One row per UTC day, {@code YYYY-MM-DD}. */
  DAY("day");

  private final String column;

  GroupBy(String column) {
    this.column = column;
  }

  /**
   * The name of the group's column in JSON and CSV.
   *
   * @return {@code model}, {@code key_id} or {@code day}
   */
  public String column() {
    return column;
  }

  /**
   * The value of {@code group_by} for this grouping.
   *
   * @return {@code model}, {@code key} or {@code day}
   */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The group a rollup window falls in.
   *
   * @param key the window's tenant, key and model
   * @param windowStart the window's first instant
   * @return the model alias, the key id or the UTC date
   */
  public String groupOf(RollupKey key, Instant windowStart) {
    return switch (this) {
      case MODEL -> key.modelAlias();
      case KEY -> key.keyId();
      case DAY -> windowStart.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    };
  }

  /**
   * The grouping named {@code wire}.
   *
   * @param wire a value of {@code group_by}
   * @return the grouping, if there is one of that name
   */
  public static Optional<GroupBy> fromWire(String wire) {
    return Arrays.stream(values()).filter(g -> g.wire().equals(wire)).findFirst();
  }
}
