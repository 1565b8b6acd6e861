/**
 * Observability: live counters in a mapped file ({@link io.surge.metrics.CountersFile},
 * {@link io.surge.metrics.RunCounters}) read by {@code surge stat}, HdrHistogram latencies,
 * {@code metrics.csv}, the event log, the run directory and the terminal progress line.
 */
package io.surge.metrics;
