package dev.tollgate.metering.query;

import dev.tollgate.metering.rollup.RollupKey;
import dev.tollgate.metering.rollup.RollupTotals;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The answer to a {@link UsageQuery}: totals per group, sorted by group, and the overall total. Built by adding
 * rollup windows one by one; two instances that add the same windows build equal reports.
 */
public final class UsageReport {

  private final UsageQuery query;
  private final SortedMap<String, RollupTotals> groups = new TreeMap<>();
  private RollupTotals total = RollupTotals.EMPTY;

  /**
   * An empty report.
   *
   * @param query the question it answers
   */
  public UsageReport(UsageQuery query) {
    this.query = query;
  }

  /**
   * Adds one rollup window of the query's tenant.
   *
   * @param key the window's tenant, key and model
   * @param windowStart the window's first instant
   * @param totals its totals
   */
  public void add(RollupKey key, Instant windowStart, RollupTotals totals) {
    groups.merge(query.groupBy().groupOf(key, windowStart), totals, RollupTotals::plus);
    total = total.plus(totals);
  }

  /** @return the question */
  public UsageQuery query() {
    return query;
  }

  /** @return totals per group, sorted by group */
  public SortedMap<String, RollupTotals> groups() {
    return Collections.unmodifiableSortedMap(groups);
  }

  /** @return the sum of every group */
  public RollupTotals total() {
    return total;
  }
}
