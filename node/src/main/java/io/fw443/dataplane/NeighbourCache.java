package io.fw443.dataplane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * IP-to-MAC entries of one data interface, learned from the ARP and Neighbor Discovery traffic seen on it (RFC 826,
 * RFC 4861 §7.2.5). One writer, the worker thread of that interface; any worker reads it to forward out of the
 * interface. Open addressing with linear probing over primitive arrays: a slot, once published, keeps its key for
 * the cache's life and only its MAC and times change, so a reader never sees a key with another key's MAC. Each
 * slot is published with a release store of its state and read with an acquire load; MACs and times are single
 * opaque long writes. A full cache refuses new addresses (counted); a firewall's links hold few neighbours.
 *
 * <p>Addresses are two longs: IPv6 as {@code high:low}, IPv4 in the low 32 bits of {@code low}.
 */
public final class NeighbourCache {
    /** Returned by {@link #find} when the address has no entry. */
    public static final int MISSING = -1;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int EMPTY = 0;
    private static final int USED = 1;

    private final int mask;
    private final int[] state;
    private final int[] family;
    private final long[] keyHigh;
    private final long[] keyLow;
    private final long[] mac;
    private final long[] confirmedAtNs;
    private final long[] refreshSentAtNs;
    private final long reachableNs;
    private final long refreshRetryNs;
    private volatile long version;
    private int size;
    private long refused;

    /**
     * @param capacity slots, rounded up to a power of two
     * @param reachableNs an entry not confirmed for this long is refreshed by a request when next used (RFC 4861
     *     §6.3.2 REACHABLE_TIME is 30 s)
     * @param refreshRetryNs at most one refresh request per entry per this interval
     */
    public NeighbourCache(int capacity, long reachableNs, long refreshRetryNs) {
        int slots = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        mask = slots - 1;
        state = new int[slots];
        family = new int[slots];
        keyHigh = new long[slots];
        keyLow = new long[slots];
        mac = new long[slots];
        confirmedAtNs = new long[slots];
        refreshSentAtNs = new long[slots];
        this.reachableNs = reachableNs;
        this.refreshRetryNs = refreshRetryNs;
    }

    /** The slot of an address, or {@link #MISSING}. Any thread. */
    public int find(int addressFamily, long high, long low) {
        int i = hash(addressFamily, high, low) & mask;
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            if ((int) INTS.getAcquire(state, i) == EMPTY) {
                return MISSING;
            }
            if (family[i] == addressFamily && keyHigh[i] == high && keyLow[i] == low) {
                return i;
            }
        }
        return MISSING;
    }

    /** The MAC of a slot found by {@link #find}, as a 48-bit value. */
    public long mac(int slot) {
        return (long) LONGS.getOpaque(mac, slot);
    }

    /**
     * True when the slot's entry is older than the reachable time and no refresh went out within the retry interval;
     * the caller then sends a request. Any thread: two workers racing here send at most one extra request.
     */
    public boolean refreshDue(int slot, long nowNs) {
        if (nowNs - (long) LONGS.getOpaque(confirmedAtNs, slot) < reachableNs
                || nowNs - (long) LONGS.getOpaque(refreshSentAtNs, slot) < refreshRetryNs) {
            return false;
        }
        LONGS.setOpaque(refreshSentAtNs, slot, nowNs);
        return true;
    }

    /**
     * Records that {@code address} is at {@code macValue}: a new entry, or a confirmation/change of an existing one.
     * Writer thread only.
     *
     * @return true when the entry is new or its MAC changed (frames waiting for it can go)
     */
    public boolean learn(int addressFamily, long high, long low, long macValue, long nowNs) {
        int i = hash(addressFamily, high, low) & mask;
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            if (state[i] == EMPTY) {
                if (size + 1 > (mask + 1) - ((mask + 1) >> 2)) {
                    refused++;
                    return false;
                }
                family[i] = addressFamily;
                keyHigh[i] = high;
                keyLow[i] = low;
                LONGS.setOpaque(mac, i, macValue);
                LONGS.setOpaque(confirmedAtNs, i, nowNs);
                LONGS.setOpaque(refreshSentAtNs, i, nowNs - refreshRetryNs);
                INTS.setRelease(state, i, USED);
                size++;
                version++;
                return true;
            }
            if (family[i] == addressFamily && keyHigh[i] == high && keyLow[i] == low) {
                LONGS.setOpaque(confirmedAtNs, i, nowNs);
                if ((long) LONGS.getOpaque(mac, i) != macValue) {
                    LONGS.setOpaque(mac, i, macValue);
                    version++;
                    return true;
                }
                return false;
            }
        }
        refused++;
        return false;
    }

    /** Like {@link #learn} but only for an address already cached (unsolicited traffic updates, never creates). */
    public boolean update(int addressFamily, long high, long low, long macValue, long nowNs) {
        return find(addressFamily, high, low) != MISSING && learn(addressFamily, high, low, macValue, nowNs);
    }

    /** Grows by one whenever an entry is created or changes its MAC; readers poll it to retry waiting frames. */
    public long version() {
        return version;
    }

    public int size() {
        return size;
    }

    /** Addresses not cached because the cache was three quarters full. */
    public long refused() {
        return refused;
    }

    private static int hash(int addressFamily, long high, long low) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL) ^ addressFamily;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }
}
