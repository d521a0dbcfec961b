package io.fw443.sync;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014) packed in a long: the high 48 bits are
 * wall-clock milliseconds, the low 16 bits a counter that orders events within one millisecond. Versions are
 * monotonic on a node, comparable across nodes as plain longs, and stay close to real time. Lock-free and
 * allocation-free: engine threads call {@link #tick()} per changed flow.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Wall-clock milliseconds (48 bits)               |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |        Counter (16 bits)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Hlc {
    public static final int COUNTER_BITS = 16;
    /** A remote version further ahead of our wall clock than this is not adopted (a peer with a runaway clock). */
    public static final long DEFAULT_MAX_DRIFT_MS = 60_000;

    private final SyncClock clock;
    private final long maxDriftMs;
    private final AtomicLong last = new AtomicLong();

    public Hlc(SyncClock clock, long maxDriftMs) {
        this.clock = clock;
        this.maxDriftMs = maxDriftMs;
    }

    public Hlc(SyncClock clock) {
        this(clock, DEFAULT_MAX_DRIFT_MS);
    }

    /** A new version for a local event: greater than every version issued or adopted before. */
    public long tick() {
        long physical = clock.epochMillis() << COUNTER_BITS;
        while (true) {
            long prev = last.get();
            long next = physical > prev ? physical : prev + 1;
            if (last.compareAndSet(prev, next)) {
                return next;
            }
        }
    }

    /**
     * Adopts a version seen on a message so later local versions order after it. Returns false (and adopts nothing)
     * when the remote clock is more than the allowed drift ahead of ours.
     */
    public boolean update(long remote) {
        if (millis(remote) > clock.epochMillis() + maxDriftMs) {
            return false;
        }
        while (true) {
            long prev = last.get();
            if (remote <= prev || last.compareAndSet(prev, remote)) {
                return true;
            }
        }
    }

    /** The latest version issued or adopted, without issuing one. */
    public long current() {
        return last.get();
    }

    public static long millis(long version) {
        return version >>> COUNTER_BITS;
    }

    public static int counter(long version) {
        return (int) (version & ((1 << COUNTER_BITS) - 1));
    }

    public static long of(long millis, int counter) {
        return (millis << COUNTER_BITS) | (counter & ((1 << COUNTER_BITS) - 1));
    }
}
