package io.fw443.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One counter per {@link VerdictReason}, plus packets and bytes. Written by one engine thread; read by the
 * management API through opaque reads, so a reader never sees a torn long.
 */
public final class VerdictCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PACKETS = VerdictReason.values().length;
    private static final int BYTES = PACKETS + 1;

    private final long[] counts = new long[PACKETS + 2];

    void record(VerdictReason reason, int frameLength) {
        add(reason.ordinal(), 1);
        add(PACKETS, 1);
        add(BYTES, frameLength);
    }

    private void add(int index, long delta) {
        LONGS.setOpaque(counts, index, (long) LONGS.getOpaque(counts, index) + delta);
    }

    public long count(VerdictReason reason) {
        return (long) LONGS.getOpaque(counts, reason.ordinal());
    }

    public long packets() {
        return (long) LONGS.getOpaque(counts, PACKETS);
    }

    public long bytes() {
        return (long) LONGS.getOpaque(counts, BYTES);
    }
}
