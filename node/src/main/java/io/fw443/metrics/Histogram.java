package io.fw443.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram with fixed bucket bounds in nanoseconds, exposed in seconds (the Prometheus base unit).
 * {@link #record(long)} is a binary search over the bounds plus two atomic adds: no lock, no allocation, so the
 * packet path can call it.
 *
 * <p>Counts are kept per bucket (not cumulative) so one record touches one slot; the renderer accumulates. A scrape
 * that races with records may see a sum that is a few records ahead of or behind the buckets; the buckets and the
 * count always agree, because the count is their total.
 */
public final class Histogram {
    private final long[] upperBoundsNs;
    /** One slot per bound plus the last, unbounded one (+Inf). */
    private final AtomicLongArray counts;
    private final AtomicLong sumNs = new AtomicLong();

    Histogram(long[] upperBoundsNs) {
        this.upperBoundsNs = checkBounds(upperBoundsNs);
        this.counts = new AtomicLongArray(upperBoundsNs.length + 1);
    }

    /**
     * {@code count} bounds {@code firstNs, firstNs * factor, firstNs * factor^2, ...}: the usual shape for latencies,
     * where relative precision matters more than absolute.
     */
    public static long[] exponentialBoundsNs(long firstNs, int factor, int count) {
        if (firstNs <= 0 || factor < 2 || count < 1) {
            throw new IllegalArgumentException("need firstNs > 0, factor >= 2, count >= 1");
        }
        long[] bounds = new long[count];
        long bound = firstNs;
        for (int i = 0; i < count; i++) {
            bounds[i] = bound;
            if (i + 1 < count) {
                bound = Math.multiplyExact(bound, factor);
            }
        }
        return bounds;
    }

    /** Records one observation. Negative values (a peer's clock behind ours) count as zero. */
    public void record(long valueNs) {
        long v = Math.max(0, valueNs);
        counts.incrementAndGet(bucketIndex(v));
        sumNs.addAndGet(v);
    }

    /** Index of the first bucket whose bound is {@code >= valueNs} (Prometheus' {@code le}), or the +Inf slot. */
    int bucketIndex(long valueNs) {
        int lo = 0;
        int hi = upperBoundsNs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (upperBoundsNs[mid] < valueNs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A copy of the bounds, in nanoseconds, ascending; the +Inf bucket is implied. */
    public long[] upperBoundsNs() {
        return upperBoundsNs.clone();
    }

    /** Observations per bucket (not cumulative); the last slot is the +Inf bucket. Allocates: for scrapes only. */
    public long[] bucketCounts() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    public long sumNs() {
        return sumNs.get();
    }

    private static long[] checkBounds(long[] bounds) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one finite bucket bound");
        }
        long[] copy = Arrays.copyOf(bounds, bounds.length);
        long previous = 0;
        for (long b : copy) {
            if (b <= previous) {
                throw new IllegalArgumentException("bucket bounds must be positive and strictly ascending: "
                        + Arrays.toString(bounds));
            }
            previous = b;
        }
        return copy;
    }
}
