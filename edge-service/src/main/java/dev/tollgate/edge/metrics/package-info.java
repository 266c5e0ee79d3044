/**
 * The edge's metrics in Prometheus' text format, without a metrics library: counters, gauges and fixed-bucket
 * histograms with labels, recorded lock-free ({@link java.util.concurrent.atomic.LongAdder} and atomics) and
 * rendered on demand. {@link dev.tollgate.edge.metrics.Metrics} names every metric the edge exports.
 *
 * <p>Each metric caps its number of series; label sets past the cap are counted under one series whose labels are
 * all {@code other}, so a client inventing model names cannot grow memory or the scrape without bound.
 */
package dev.tollgate.edge.metrics;
