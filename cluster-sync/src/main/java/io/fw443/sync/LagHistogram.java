package io.fw443.sync;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of microsecond latencies with log-linear buckets (16 linear sub-buckets per power of two,
 * so a percentile is within about 6% of the truth), recorded from transport threads and read by reporters.
 */
public final class LagHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        return shift * SUB + (int) (v >>> shift);
    }

    /** The largest value that falls in bucket {@code i}. */
    static long upperBound(int i) {
        if (i < SUB) {
            return i;
        }
        int shift = i / SUB - 1;
        long sub = i % SUB + SUB;
        return ((sub + 1) << shift) - 1;
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value at quantile {@code q} (0..1), as a bucket's upper bound; 0 when empty. */
    public long quantile(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank && seen > 0) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
