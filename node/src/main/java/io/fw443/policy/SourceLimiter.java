package io.fw443.policy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Per-source limits on new flows: a token bucket for new flows per second and a counter of concurrent
 * flows, kept in a fixed-size open-addressing table of primitive arrays. Time comes in as {@code nowNs}
 * (a monotonic clock read once per engine cycle); nothing here reads a clock, locks or allocates.
 * Owned by one engine thread.
 *
 * <p>Sources are keyed by address prefix: IPv4 by default per /32, IPv6 per /64 (one IPv6 host
 * usually owns a whole /64). IPv4 keys are stored as IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2),
 * so both families share one table.
 *
 * <pre>
 * slot i: data[4i] = keyHi | data[4i+1] = keyLo | data[4i+2] = tokens (1e-9 token units) | data[4i+3] = lastRefillNs
 *         flows[i] = concurrent flows, or EMPTY (-1) for a free slot
 * </pre>
 *
 * <p>An entry is <em>stale</em> when it holds no flow and its bucket has refilled completely: it then
 * says nothing a fresh entry would not, so it may be dropped at any time. {@link #sweep} removes stale
 * entries (backward-shift deletion, no tombstones); the engine calls it from its housekeeping cycle.
 *
 * <p>When the table holds {@code maxSources} entries, a new source first triggers a sweep of
 * {@value #FULL_TABLE_SWEEP_SLOTS} slots; if that frees nothing it gets {@link LimitResult#LIMITER_FULL}:
 * the limiter fails closed (an attacker who fills the table with live sources cannot make further
 * sources unlimited), and the count shows it. Known sources keep their limits meanwhile.
 * The hash is seeded so table clustering cannot be precomputed; pass a seed from {@code SecureRandom}.
 */
public final class SourceLimiter {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long ONE_TOKEN = 1_000_000_000L;
    private static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;
    private static final int EMPTY = -1;
    private static final int STRIDE = 4;
    /** Slots examined before refusing a new source in a full table. */
    static final int FULL_TABLE_SWEEP_SLOTS = 64;

    /**
     * Limiter settings.
     *
     * @param maxSources         sources tracked at once (table capacity, before the 3/4 load factor)
     * @param newFlowsPerSecond  token refill rate; 0 = no rate limit
     * @param burst              bucket size in flows (1 .. 1e9), used only with a rate
     * @param maxFlowsPerSource  concurrent flows per source; 0 = no limit
     * @param v4KeyPrefixLength  IPv4 sources sharing this prefix share limits (1..32)
     * @param v6KeyPrefixLength  IPv6 sources sharing this prefix share limits (1..128)
     * @param hashSeed           secret seed for the slot hash
     */
    public record Settings(int maxSources, long newFlowsPerSecond, long burst, int maxFlowsPerSource,
                           int v4KeyPrefixLength, int v6KeyPrefixLength, long hashSeed) {
        public Settings {
            if (maxSources < 1 || maxSources > (1 << 28)) {
                throw new IllegalArgumentException("maxSources " + maxSources);
            }
            if (newFlowsPerSecond < 0 || newFlowsPerSecond > ONE_TOKEN) {
                throw new IllegalArgumentException("newFlowsPerSecond " + newFlowsPerSecond);
            }
            if (newFlowsPerSecond > 0 && (burst < 1 || burst > ONE_TOKEN)) {
                throw new IllegalArgumentException("burst " + burst);
            }
            if (maxFlowsPerSource < 0) {
                throw new IllegalArgumentException("maxFlowsPerSource " + maxFlowsPerSource);
            }
            if (v4KeyPrefixLength < 1 || v4KeyPrefixLength > 32 || v6KeyPrefixLength < 1 || v6KeyPrefixLength > 128) {
                throw new IllegalArgumentException("key prefix lengths " + v4KeyPrefixLength + ", " + v6KeyPrefixLength);
            }
        }

        /** Burst of one second's worth, IPv4 keyed per /32 and IPv6 per /64. */
        public static Settings of(final int maxSources, final long newFlowsPerSecond, final int maxFlowsPerSource,
                                  final long hashSeed) {
            return new Settings(maxSources, newFlowsPerSecond, Math.max(1, newFlowsPerSecond), maxFlowsPerSource,
                32, 64, hashSeed);
        }
    }

    private final Settings settings;
    private final boolean rateLimited;
    private final boolean concurrencyLimited;
    private final long rate;
    private final long bucketCapacity;
    private final long fullRefillNs;
    private final int v4Mask;
    private final long v6MaskHi;
    private final long v6MaskLo;
    private final long seed;
    private final int mask;
    private final long[] data;
    private final int[] flows;
    private final long[] counts = new long[LimitResult.values().length];
    private int size;
    private int sweepCursor;
    private long unknownReleases;
    /** The key of the current call, so two longs pass between methods without an object. */
    private long keyHi;
    private long keyLo;

    /** A limiter with all slots allocated up front. */
    public SourceLimiter(final Settings settings) {
        this.settings = settings;
        this.rateLimited = settings.newFlowsPerSecond() > 0;
        this.concurrencyLimited = settings.maxFlowsPerSource() > 0;
        this.rate = settings.newFlowsPerSecond();
        this.bucketCapacity = rateLimited ? settings.burst() * ONE_TOKEN : 0;
        this.fullRefillNs = rateLimited ? (bucketCapacity + rate - 1) / rate : 0;
        this.v4Mask = (int) (0xFFFF_FFFFL << (32 - settings.v4KeyPrefixLength()));
        this.v6MaskHi = ~CidrSet.hostMaskHi(settings.v6KeyPrefixLength());
        this.v6MaskLo = ~CidrSet.hostMaskLo(settings.v6KeyPrefixLength());
        this.seed = settings.hashSeed();
        // Linear probing stays short below a 3/4 load factor; maxSources <= 2^28 keeps this under 2^30.
        final int wanted = settings.maxSources() * 4 / 3 + 1;
        final int slots = Math.max(16, Integer.highestOneBit(wanted - 1) << 1);
        this.mask = slots - 1;
        this.data = new long[slots * STRIDE];
        this.flows = new int[slots];
        Arrays.fill(flows, EMPTY);
    }

    /**
     * Admits or refuses a new flow from the source at {@code addr[off]} (4 or 16 bytes, network order).
     * On {@link LimitResult#OK} the source's flow count went up: call {@link #releaseFlow} when the flow
     * is removed, or when it is not created after all.
     */
    public LimitResult tryAcquireNewFlow(final int family, final byte[] addr, final int off, final long nowNs) {
        if (!rateLimited && !concurrencyLimited) {
            return counted(LimitResult.OK);
        }
        if (!key(family, addr, off)) {
            return counted(LimitResult.INVALID_ADDRESS);
        }
        final int slot = findOrInsert(nowNs);
        if (slot < 0) {
            return counted(LimitResult.LIMITER_FULL);
        }
        if (concurrencyLimited && flows[slot] >= settings.maxFlowsPerSource()) {
            return counted(LimitResult.CONCURRENT_EXCEEDED);
        }
        if (rateLimited) {
            final int t = slot * STRIDE + 2;
            data[t] = tokensAt(slot, nowNs);
            data[t + 1] = Math.max(data[t + 1], nowNs);
            if (data[t] < ONE_TOKEN) {
                return counted(LimitResult.RATE_EXCEEDED);
            }
            data[t] -= ONE_TOKEN;
        }
        if (concurrencyLimited) {
            flows[slot]++;
        }
        return counted(LimitResult.OK);
    }

    /**
     * Lowers the source's flow count when one of its flows acquired here (or tracked with
     * {@link #trackExistingFlow}) is removed. Returns false, and counts it, when the source held none.
     */
    public boolean releaseFlow(final int family, final byte[] addr, final int off) {
        if (!concurrencyLimited) {
            return true;
        }
        if (!key(family, addr, off)) {
            unknownReleases++;
            return false;
        }
        final int slot = find();
        if (slot < 0 || flows[slot] == 0) {
            unknownReleases++;
            return false;
        }
        flows[slot]--;
        return true;
    }

    /**
     * Counts a flow this node did not admit itself (imported from a peer, or kept over a restart), so its
     * later {@link #releaseFlow} balances. No limit is applied: the flow exists already. Returns false when
     * the table has no room; the caller must then not release it.
     */
    public boolean trackExistingFlow(final int family, final byte[] addr, final int off, final long nowNs) {
        if (!concurrencyLimited) {
            return true;
        }
        if (!key(family, addr, off)) {
            return false;
        }
        final int slot = findOrInsert(nowNs);
        if (slot < 0) {
            return false;
        }
        flows[slot]++;
        return true;
    }

    /**
     * Examines up to {@code maxSlots} slots from where the last sweep stopped and removes stale entries.
     * Called from the engine's housekeeping cycle; returns the number of entries removed.
     */
    public int sweep(final long nowNs, final int maxSlots) {
        int removed = 0;
        for (int n = 0; n < maxSlots && size > 0; n++) {
            final int i = sweepCursor;
            if (flows[i] != EMPTY && isStale(i, nowNs)) {
                // Stay on this slot: backward shift may have moved another entry into it.
                delete(i);
                removed++;
            } else {
                sweepCursor = (i + 1) & mask;
            }
        }
        return removed;
    }

    /** Concurrent flows counted for the source at {@code addr[off]} (0 when untracked). */
    public int flowsOf(final int family, final byte[] addr, final int off) {
        if (!key(family, addr, off)) {
            return 0;
        }
        final int slot = find();
        return slot < 0 ? 0 : flows[slot];
    }

    /** Sources currently in the table, stale ones included. */
    public int size() {
        return size;
    }

    /** How often {@link #tryAcquireNewFlow} answered {@code result}. */
    public long count(final LimitResult result) {
        return counts[result.ordinal()];
    }

    /** Releases that found no flow to release (a caller bug or an untracked imported flow). */
    public long unknownReleases() {
        return unknownReleases;
    }

    /** The settings this limiter was built with. */
    public Settings settings() {
        return settings;
    }

    private LimitResult counted(final LimitResult r) {
        counts[r.ordinal()]++;
        return r;
    }

    /** Loads the masked key of {@code addr[off]} into {@link #keyHi}/{@link #keyLo}; false if invalid. */
    private boolean key(final int family, final byte[] addr, final int off) {
        if (addr == null || off < 0) {
            return false;
        }
        if (family == CidrSet.FAMILY_IPV4 && off <= addr.length - 4) {
            keyHi = 0;
            keyLo = V4_MAPPED_PREFIX | (((int) INT_BE.get(addr, off) & v4Mask) & 0xFFFF_FFFFL);
            return true;
        }
        if (family == CidrSet.FAMILY_IPV6 && off <= addr.length - 16) {
            keyHi = (long) LONG_BE.get(addr, off) & v6MaskHi;
            keyLo = (long) LONG_BE.get(addr, off + 8) & v6MaskLo;
            return true;
        }
        return false;
    }

    private int home(final long hi, final long lo) {
        long h = (hi ^ seed) * 0x9E3779B97F4A7C15L;
        h = (Long.rotateLeft(h, 31) ^ lo) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    /** The slot of the current key, or -1. */
    private int find() {
        for (int i = home(keyHi, keyLo); flows[i] != EMPTY; i = (i + 1) & mask) {
            if (data[i * STRIDE] == keyHi && data[i * STRIDE + 1] == keyLo) {
                return i;
            }
        }
        return -1;
    }

    /** The slot of the current key, inserted with a full bucket if absent; -1 when the table is full. */
    private int findOrInsert(final long nowNs) {
        int slot = probe(nowNs);
        if (slot < 0) {
            sweep(nowNs, FULL_TABLE_SWEEP_SLOTS);
            slot = probe(nowNs);
        }
        return slot;
    }

    private int probe(final long nowNs) {
        int i = home(keyHi, keyLo);
        while (flows[i] != EMPTY) {
            if (data[i * STRIDE] == keyHi && data[i * STRIDE + 1] == keyLo) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if (size >= settings.maxSources()) {
            return -1;
        }
        init(i, nowNs);
        size++;
        return i;
    }

    private void init(final int slot, final long nowNs) {
        final int at = slot * STRIDE;
        data[at] = keyHi;
        data[at + 1] = keyLo;
        data[at + 2] = bucketCapacity;
        data[at + 3] = nowNs;
        flows[slot] = 0;
    }

    /** Tokens in the slot's bucket at {@code nowNs}, refilled at the rate since the last refill. */
    private long tokensAt(final int slot, final long nowNs) {
        final int at = slot * STRIDE;
        final long elapsedNs = nowNs - data[at + 3];
        if (elapsedNs <= 0) {
            return data[at + 2];
        }
        if (elapsedNs >= fullRefillNs) {
            return bucketCapacity;
        }
        return Math.min(bucketCapacity, data[at + 2] + elapsedNs * rate);
    }

    private boolean isStale(final int slot, final long nowNs) {
        return flows[slot] == 0 && (!rateLimited || tokensAt(slot, nowNs) == bucketCapacity);
    }

    /** Removes slot {@code i}, shifting later entries of the cluster back so every probe chain stays whole. */
    private void delete(final int i) {
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (flows[j] == EMPTY) {
                break;
            }
            final int h = home(data[j * STRIDE], data[j * STRIDE + 1]);
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            final boolean stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (!stays) {
                System.arraycopy(data, j * STRIDE, data, hole * STRIDE, STRIDE);
                flows[hole] = flows[j];
                hole = j;
            }
        }
        flows[hole] = EMPTY;
        size--;
    }
}
