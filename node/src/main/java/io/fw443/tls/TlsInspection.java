package io.fw443.tls;

import io.fw443.tls.quic.QuicInitialFlow;
import java.util.Arrays;

/**
 * The flows under first-flight inspection on one engine thread: a bounded open-addressing table keyed by the flow
 * key's bytes, each entry holding a pooled {@link ClientHelloReassembler} (TCP) or {@link QuicInitialFlow} (QUIC)
 * and a deadline. All storage is allocated up front; nothing allocates or locks afterwards.
 *
 * <p>Probing is bounded to {@link #PROBE_SLOTS} slots from the key's home slot, and lookups scan the whole window
 * (released slots leave holes, no tombstones needed). A start reuses a free slot in the window, or one whose entry
 * is past its deadline (its flow stalled, closed, or was removed: the entry is reclaimed and counted). When the
 * window or the pool has no room, {@code start*} returns {@link #NO_SLOT} and the caller applies its
 * incomplete-hello policy.
 *
 * <pre>
 * slot i: key[i*40 .. +40) | keyLength | deadlineNs | reassembler or quic flow (null = free)
 * </pre>
 */
public final class TlsInspection {
    /** No entry, or no room for one. */
    public static final int NO_SLOT = -1;
    /** Slots probed from a key's home slot. */
    public static final int PROBE_SLOTS = 8;
    /** Longest key kept (a {@code FlowKey} is 40 bytes). */
    public static final int MAX_KEY_BYTES = 40;

    private final byte[] keys;
    private final int[] keyLengths;
    private final long[] deadlinesNs;
    private final ClientHelloReassembler[] tcp;
    private final QuicInitialFlow[] quic;
    private final int mask;
    private final long helloTimeoutNs;
    private final ClientHelloReassemblerPool tcpPool;
    private final QuicInitialFlow[] quicFree;
    private int quicFreeCount;
    private int inUse;
    private long reclaimed;

    /**
     * @param slots           table slots (rounded up to a power of two), at least the two pools together
     * @param tcpFlows        reassemblers ({@link ClientHelloReassembler#DEFAULT_CAPACITY_BYTES} each)
     * @param quicFlows       QUIC Initial flows (about 18 KiB each)
     * @param helloTimeoutNs  how long a flow may take to complete its hello before its entry may be reclaimed
     */
    public TlsInspection(int slots, int tcpFlows, int quicFlows, long helloTimeoutNs) {
        if (slots < PROBE_SLOTS || tcpFlows < 0 || quicFlows < 0 || helloTimeoutNs <= 0) {
            throw new IllegalArgumentException("slots " + slots + ", tcp " + tcpFlows + ", quic " + quicFlows
                    + ", timeout " + helloTimeoutNs);
        }
        int n = Integer.highestOneBit(slots - 1) << 1;
        keys = new byte[n * MAX_KEY_BYTES];
        keyLengths = new int[n];
        deadlinesNs = new long[n];
        tcp = new ClientHelloReassembler[n];
        quic = new QuicInitialFlow[n];
        mask = n - 1;
        this.helloTimeoutNs = helloTimeoutNs;
        tcpPool = new ClientHelloReassemblerPool(tcpFlows, ClientHelloReassembler.DEFAULT_CAPACITY_BYTES);
        quicFree = new QuicInitialFlow[quicFlows];
        for (int i = 0; i < quicFlows; i++) {
            quicFree[i] = new QuicInitialFlow();
        }
        quicFreeCount = quicFlows;
    }

    /** The slot of the flow {@code key[0, keyLength)}, or {@link #NO_SLOT}. */
    public int lookup(byte[] key, int keyLength) {
        int home = home(key, keyLength);
        for (int p = 0; p < PROBE_SLOTS; p++) {
            int i = (home + p) & mask;
            if (occupied(i) && keyLengths[i] == keyLength
                    && Arrays.equals(keys, i * MAX_KEY_BYTES, i * MAX_KEY_BYTES + keyLength, key, 0, keyLength)) {
                return i;
            }
        }
        return NO_SLOT;
    }

    /** Whether the entry in {@code slot} is past its hello deadline. */
    public boolean expired(int slot, long nowNs) {
        return nowNs - deadlinesNs[slot] > 0;
    }

    /** Starts TCP inspection of a flow whose first payload byte has sequence {@code initialSeq}; or NO_SLOT. */
    public int startTcp(byte[] key, int keyLength, long initialSeq, long nowNs) {
        int slot = freeSlot(key, keyLength, nowNs);
        if (slot == NO_SLOT) {
            return NO_SLOT;
        }
        ClientHelloReassembler r = tcpPool.acquire();
        if (r == null) {
            return NO_SLOT;
        }
        r.init(initialSeq);
        tcp[slot] = r;
        claim(slot, key, keyLength, nowNs);
        return slot;
    }

    /** Starts QUIC inspection of a flow; or NO_SLOT. */
    public int startQuic(byte[] key, int keyLength, long nowNs) {
        int slot = freeSlot(key, keyLength, nowNs);
        if (slot == NO_SLOT || quicFreeCount == 0) {
            return NO_SLOT;
        }
        QuicInitialFlow f = quicFree[--quicFreeCount];
        quicFree[quicFreeCount] = null;
        f.reset();
        quic[slot] = f;
        claim(slot, key, keyLength, nowNs);
        return slot;
    }

    /** The reassembler of a TCP entry (null for a QUIC one). */
    public ClientHelloReassembler reassembler(int slot) {
        return tcp[slot];
    }

    /** The Initial state of a QUIC entry (null for a TCP one). */
    public QuicInitialFlow quicFlow(int slot) {
        return quic[slot];
    }

    /** Ends the entry and returns its buffer to the pool. */
    public void release(int slot) {
        if (tcp[slot] != null) {
            tcpPool.release(tcp[slot]);
            tcp[slot] = null;
            inUse--;
        } else if (quic[slot] != null) {
            quicFree[quicFreeCount++] = quic[slot];
            quic[slot] = null;
            inUse--;
        }
    }

    /** Entries in use. */
    public int inUse() {
        return inUse;
    }

    /** Entries taken over from flows past their deadline. */
    public long reclaimed() {
        return reclaimed;
    }

    public int availableTcp() {
        return tcpPool.available();
    }

    public int availableQuic() {
        return quicFreeCount;
    }

    private int freeSlot(byte[] key, int keyLength, long nowNs) {
        if (keyLength > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key of " + keyLength + " bytes");
        }
        int home = home(key, keyLength);
        int stale = NO_SLOT;
        for (int p = 0; p < PROBE_SLOTS; p++) {
            int i = (home + p) & mask;
            if (!occupied(i)) {
                return i;
            }
            if (stale == NO_SLOT && expired(i, nowNs)) {
                stale = i;
            }
        }
        if (stale != NO_SLOT) {
            release(stale);
            reclaimed++;
        }
        return stale;
    }

    private void claim(int slot, byte[] key, int keyLength, long nowNs) {
        System.arraycopy(key, 0, keys, slot * MAX_KEY_BYTES, keyLength);
        keyLengths[slot] = keyLength;
        deadlinesNs[slot] = nowNs + helloTimeoutNs;
        inUse++;
    }

    private boolean occupied(int slot) {
        return tcp[slot] != null || quic[slot] != null;
    }

    private int home(byte[] key, int keyLength) {
        long h = LabelDictionary.hash(key, 0, keyLength);
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
