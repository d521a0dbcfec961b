package io.fw443.dataplane;

/** One counter per {@link DataplaneReason}; written by one worker thread, read racily by stats readers. */
public final class DataplaneCounters {
    private static final DataplaneReason[] REASONS = DataplaneReason.values();
    private final long[] counts = new long[REASONS.length];

    public void record(DataplaneReason reason) {
        counts[reason.ordinal()]++;
    }

    public long count(DataplaneReason reason) {
        return counts[reason.ordinal()];
    }

    /** Non-zero counters as {@code NAME=n ...}, for logs. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (DataplaneReason r : REASONS) {
            long n = counts[r.ordinal()];
            if (n != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(r.name()).append('=').append(n);
            }
        }
        return sb.toString();
    }
}
