package io.fw443.dataplane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One counter per {@link DataplaneReason}. Single writer (the worker thread); opaque access so a stats reader on
 * another thread sees untorn values.
 */
public final class DataplaneCounters {
    private static final DataplaneReason[] REASONS = DataplaneReason.values();
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] counts = new long[REASONS.length];

    public void record(DataplaneReason reason) {
        int i = reason.ordinal();
        LONGS.setOpaque(counts, i, (long) LONGS.getOpaque(counts, i) + 1);
    }

    public long count(DataplaneReason reason) {
        return (long) LONGS.getOpaque(counts, reason.ordinal());
    }

    /** Non-zero counters as {@code NAME=n ...}, for logs. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (DataplaneReason r : REASONS) {
            long n = count(r);
            if (n != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(r.name()).append('=').append(n);
            }
        }
        return sb.toString();
    }
}
