package io.fw443.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One counter per {@link ParseResult}, indexed by ordinal. Single writer (the parsing thread); opaque reads and
 * writes so a metrics reader on another thread sees whole (never torn) values without fences on the hot path.
 */
public final class ParseCounters {
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final ParseResult[] RESULTS = ParseResult.values();

    private final long[] counts = new long[RESULTS.length];

    /** Counts one occurrence; only the owning parser thread calls this. */
    public void record(ParseResult result) {
        final int index = result.ordinal();
        COUNTS.setOpaque(counts, index, (long) COUNTS.getOpaque(counts, index) + 1);
    }

    public long count(ParseResult result) {
        return (long) COUNTS.getOpaque(counts, result.ordinal());
    }

    /** Sum over all drop reasons. */
    public long drops() {
        long total = 0;
        for (ParseResult result : RESULTS) {
            if (result.isDrop()) {
                total += count(result);
            }
        }
        return total;
    }
}
