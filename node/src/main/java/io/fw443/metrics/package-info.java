/**
 * A tiny metrics registry: counters, gauges and latency histograms that the packet path can update without locks or
 * allocation, rendered on demand in the Prometheus text exposition format 0.0.4 for {@code GET /metrics}. It exists
 * so the node needs no metrics library: the whole job is a few atomics and one text renderer.
 */
package io.fw443.metrics;
