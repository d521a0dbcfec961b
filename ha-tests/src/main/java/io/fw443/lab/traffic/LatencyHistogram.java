package io.fw443.lab.traffic;

/**
 * Echo latencies in 0.1 ms steps up to {@value #MAX_MS} ms (longer ones share the last step, and {@link #maxUs()}
 * keeps the true maximum): fixed memory whatever the run length. Not thread-safe; {@link FleetStats} guards it.
 */
final class LatencyHistogram {
    static final int MAX_MS = 30_000;
    private static final int STEP_US = 100;
    private final int[] counts = new int[MAX_MS * 1000 / STEP_US + 1];
    private long total;
    private long maxUs;

    void record(long latencyUs) {
        long us = Math.max(0, latencyUs);
        counts[(int) Math.min(counts.length - 1, us / STEP_US)]++;
        total++;
        maxUs = Math.max(maxUs, us);
    }

    long total() {
        return total;
    }

    long maxUs() {
        return maxUs;
    }

    /** The upper edge of the step holding quantile {@code q} (0..1), in ms; 0 when empty. */
    double quantileMs(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == counts.length - 1 ? maxUs / 1000.0 : Math.min((i + 1) * STEP_US, maxUs) / 1000.0;
            }
        }
        return maxUs / 1000.0;
    }
}
