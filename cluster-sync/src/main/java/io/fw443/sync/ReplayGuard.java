package io.fw443.sync;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Drops replayed messages: per sender node and channel (multicast, unicast) it keeps the sender's current
 * incarnation, the highest sequence seen and a 64-message sliding window below it, as IPsec's anti-replay window
 * does (RFC 4303 section 3.4.3). A sequence inside the window that was not seen yet is accepted, so moderate
 * reordering is harmless; one seen before, or older than the window, is a replay. A new incarnation (the sender
 * restarted) starts a fresh window and retires the old one: messages of the last {@link #RETIRED} incarnations are
 * replays too. Thread-safe; callers for one sender and channel are serialised by a per-window lock.
 */
public final class ReplayGuard {
    public static final int WINDOW = 64;
    static final int RETIRED = 8;

    private final AtomicReferenceArray<Window> windows = new AtomicReferenceArray<>(2 * 65536);

    /** Checks and records one message; false when it is a replay. */
    public boolean accept(int sender, boolean unicast, long incarnation, long sequence) {
        int slot = sender * 2 + (unicast ? 1 : 0);
        Window w = windows.get(slot);
        if (w == null) {
            windows.compareAndSet(slot, null, new Window());
            w = windows.get(slot);
        }
        return w.accept(incarnation, sequence);
    }

    /** The replay state of one sender on one channel. */
    private static final class Window {
        private long incarnation;
        private long highest;
        private long seen;
        private final long[] retired = new long[RETIRED];
        private int retiredNext;

        synchronized boolean accept(long inc, long seq) {
            if (inc != incarnation) {
                for (long r : retired) {
                    if (r == inc) {
                        return false;
                    }
                }
                if (incarnation != 0) {
                    retired[retiredNext] = incarnation;
                    retiredNext = (retiredNext + 1) % RETIRED;
                }
                incarnation = inc;
                highest = seq;
                seen = 1;
                return true;
            }
            if (seq > highest) {
                long shift = seq - highest;
                seen = shift >= WINDOW ? 1 : (seen << shift) | 1;
                highest = seq;
                return true;
            }
            long back = highest - seq;
            if (back >= WINDOW || (seen & (1L << back)) != 0) {
                return false;
            }
            seen |= 1L << back;
            return true;
        }
    }
}
